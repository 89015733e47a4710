package com.mi.poco.account;

import static com.mi.poco.account.AccountApi.account;
import static com.mi.poco.account.AccountApi.awaitState;
import static com.mi.poco.account.AccountApi.importFile;
import static com.mi.poco.account.AccountApi.migrate;
import static com.mi.poco.account.AccountApi.miAccount;
import static com.mi.poco.account.AccountApi.migration;
import static com.mi.poco.testing.Api.ndjson;
import static com.mi.poco.testing.Api.unique;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.not;

import com.mi.poco.testing.Api;
import com.mi.poco.testing.PersonalDataScan;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * Erasure sticks: no import brings an erased account's data back, a migration cannot link a POCO
 * account to a Mi account while it is being erased, and asking again scrubs whatever is linked now.
 */
@QuarkusTest
class ErasureSticksTest {

    @Inject
    DataSource database;

    @Test
    void nothingOfAnErasedAccountIsImportedAgainOldOrNew() throws SQLException {
        String poco = unique("P");
        String accountLine = account(poco, unique("mail") + "@example.com", true, "uk");
        String orderLine = order(unique("O"), poco, "Recipient Street 1");
        String feedbackLine = feedback(unique("F"), poco, "Comment " + poco);
        importFile("accounts", ndjson(accountLine)).body("accepted", equalTo(1));
        importFile("orders", ndjson(orderLine)).body("accepted", equalTo(1));
        importFile("feedback", ndjson(feedbackLine)).body("accepted", equalTo(1));
        migrate(List.of(poco));
        awaitState(poco, "MIGRATED");
        String mi = migration(poco).extract().path("miAccountId");
        given().delete("/api/accounts/mi/" + mi + "/poco-data").then().statusCode(200);

        // the same lines again, and new ones for the erased account: each a rejected line, saying why
        for (var file : List.of(List.of("accounts", accountLine), List.of("orders", orderLine),
                List.of("feedback", feedbackLine), List.of("orders", order(unique("O"), poco, "New Street 2")),
                List.of("feedback", feedback(unique("F"), poco, "New comment " + poco)))) {
            importFile(file.get(0), ndjson(file.get(1))).statusCode(200)
                    .body("accepted", equalTo(0))
                    .body("rejected", equalTo(1))
                    .body("rejections[0].reason", containsString("erased"));
        }
        // a feedback id once erased stays erased, whichever account a line now names
        String other = unique("P");
        importFile("accounts", ndjson(account(other, null, false, "uk"))).body("accepted", equalTo(1));
        String erasedFeedbackId = feedbackLine.replaceAll(".*\"feedbackId\":\"([^\"]+)\".*", "$1");
        importFile("feedback", ndjson(feedback(erasedFeedbackId, other, "Comment " + poco)))
                .body("rejected", equalTo(1)).body("rejections[0].reason", containsString("erased"));

        try (Connection c = database.getConnection()) {
            assertThat(PersonalDataScan.rowsMentioning(c, "Comment " + poco, "Street"), empty());
        }
    }

    @Test
    void aMigrationNeverLinksToAMiAccountBeingErased() throws SQLException {
        String email = unique("linked") + "@example.com";
        String mi = unique("M");
        String poco = unique("P");
        importFile("mi-accounts", ndjson(miAccount(mi, email, "uk"))).body("accepted", equalTo(1));
        importFile("accounts", ndjson(account(poco, email, true, "uk"))).body("accepted", equalTo(1));

        // an erasure of the Mi account is under way (as AccountErasure does it: locked, then scrubbed) ...
        try (Connection erasure = database.getConnection()) {
            erasure.setAutoCommit(false);
            try (PreparedStatement lock = erasure.prepareStatement("SELECT 1 FROM mi_account WHERE mi_account_id = ? FOR UPDATE")) {
                lock.setString(1, mi);
                lock.executeQuery().close();
            }
            // ... when a migration batch reaches the Mi account that holds the same verified e-mail
            migrate(List.of(poco));
            await().atMost(Api.ASYNC).until(() -> waitingOnALock() > 0);
            try (PreparedStatement scrub = erasure.prepareStatement(
                    "UPDATE mi_account SET email = NULL, content_hash = 'erased', erased_at = now() WHERE mi_account_id = ?")) {
                scrub.setString(1, mi);
                scrub.executeUpdate();
            }
            erasure.commit();
        }

        awaitState(poco, "MIGRATED");
        migration(poco).body("miAccountId", not(equalTo(mi))).body("link", equalTo("PROVISIONED"));
    }

    @Test
    void erasingAgainScrubsWhatIsLinkedNow() throws SQLException {
        String first = unique("P");
        importFile("accounts", ndjson(account(first, unique("first") + "@example.com", true, "uk"))).body("accepted", equalTo(1));
        migrate(List.of(first));
        awaitState(first, "MIGRATED");
        String mi = migration(first).extract().path("miAccountId");
        given().delete("/api/accounts/mi/" + mi + "/poco-data").then().statusCode(200);

        // an account that came to be linked to the erased Mi account afterwards (as before the lock existed)
        String late = unique("P");
        String lateName = "Name " + late;
        importFile("accounts", ndjson(account(late, unique("late") + "@example.com", true, "uk"))).body("accepted", equalTo(1));
        try (Connection c = database.getConnection(); PreparedStatement link = c.prepareStatement("""
                UPDATE poco_account SET migration_state = 'MIGRATED', mi_account_id = ?, link = 'LINKED_EXISTING',
                    migrated_at = now() WHERE poco_account_id = ?""")) {
            link.setString(1, mi);
            link.setString(2, late);
            assertThat(link.executeUpdate(), equalTo(1));
        }

        given().delete("/api/accounts/mi/" + mi + "/poco-data").then().statusCode(200)
                .body("pocoAccountIds", org.hamcrest.Matchers.hasItems(first, late));
        try (Connection c = database.getConnection()) {
            assertThat(PersonalDataScan.rowsMentioning(c, lateName), empty());
            try (PreparedStatement erased = c.prepareStatement(
                    "SELECT erased_at IS NOT NULL FROM poco_account WHERE mi_account_id = ?")) {
                erased.setString(1, mi);
                try (ResultSet rows = erased.executeQuery()) {
                    List<Boolean> all = new java.util.ArrayList<>();
                    while (rows.next()) {
                        all.add(rows.getBoolean(1));
                    }
                    assertThat(all, everyItem(equalTo(true)));
                }
            }
        }
    }

    private long waitingOnALock() throws SQLException {
        try (Connection c = database.getConnection(); PreparedStatement s = c.prepareStatement("""
                SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'""");
                ResultSet r = s.executeQuery()) {
            r.next();
            return r.getLong(1);
        }
    }

    private static String order(String orderId, String poco, String location) {
        return """
                {"orderId":"%s","pocoAccountId":"%s","placedAt":"2024-05-01T09:30:00Z","currency":"GBP","total":"19.99",\
                "status":"DELIVERED","items":[{"sku":"POCO-F6","name":"POCO F6","quantity":1,"unitPrice":"19.99"}],\
                "shipments":[{"carrier":"DPD","trackingNumber":"T%s","events":[{"at":"2024-05-03T14:00:00Z",\
                "status":"DELIVERED","location":"%s"}]}]}""".formatted(orderId, poco, orderId, location);
    }

    private static String feedback(String feedbackId, String poco, String comment) {
        return """
                {"feedbackId":"%s","pocoAccountId":"%s","rating":4,"comment":"%s","createdAt":"2024-05-04T08:00:00Z"}"""
                .formatted(feedbackId, poco, comment);
    }
}
