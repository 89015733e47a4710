package com.mi.poco.account;

import static com.mi.poco.account.AccountApi.awaitState;
import static com.mi.poco.account.AccountApi.importFile;
import static com.mi.poco.account.AccountApi.migrate;
import static com.mi.poco.account.AccountApi.migration;
import static com.mi.poco.testing.Api.ndjson;
import static com.mi.poco.testing.Api.unique;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import com.mi.poco.events.EventSchemas;
import com.mi.poco.events.EventType;
import com.mi.poco.testing.Api;
import com.mi.poco.testing.CapturedLogs;
import com.mi.poco.testing.CloudEventRecords;
import com.mi.poco.testing.InjectKafkaCompanion;
import com.mi.poco.testing.PersonalDataScan;
import com.mi.poco.testing.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.reactive.messaging.kafka.companion.ConsumerTask;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * Personal data stays where it belongs: never in a log line or an event, and gone from the database
 * after an erasure, but for what accounting keeps.
 */
@QuarkusTest
class ErasureAndPrivacyTest {

    @InjectKafkaCompanion
    KafkaCompanion kafka;

    @Inject
    DataSource database;

    private record Person(String poco, String email, String name, String phone, String order, String comment) {
    }

    @Test
    void noPersonalDataInLogsOrEventsAndNoneLeftAfterAnErasure() throws SQLException {
        String run = unique("privacy");
        List<Person> people = IntStream.range(0, 20).mapToObj(i -> new Person(run + "-P" + i,
                run + "-mail" + i + "@example.com", "Zelda" + run.substring(8) + " Quux" + i, "+4477009" + (10_000 + i),
                run + "-O" + i, "Comment " + run + "-" + i + ".")).toList();
        ConsumerTask<String, String> published = kafka.consumeStrings()
                .fromTopics(EventType.ACCOUNT_MIGRATED.topic(), EventType.ACCOUNT_ERASED.topic());
        try (CapturedLogs logs = CapturedLogs.start()) {
            importFile("accounts", ndjson(people.stream().map(p -> """
                    {"pocoAccountId":"%s","email":"%s","emailVerified":true,"name":"%s","phone":"%s","region":"uk",\
                    "createdAt":"2021-03-04T10:00:00Z"}""".formatted(p.poco(), p.email(), p.name(), p.phone()))
                    .toArray(String[]::new))).statusCode(200).body("accepted", equalTo(20));
            importFile("orders", ndjson(people.stream().map(p -> """
                    {"orderId":"%s","pocoAccountId":"%s","placedAt":"2024-05-01T09:30:00Z","currency":"GBP","total":"19.99",\
                    "status":"DELIVERED","items":[{"sku":"POCO-F6","name":"POCO F6","quantity":1,"unitPrice":"19.99"}],\
                    "shipments":[{"carrier":"DPD","trackingNumber":"T%s","events":[{"at":"2024-05-03T14:00:00Z",\
                    "status":"DELIVERED","location":"London"}]}]}""".formatted(p.order(), p.poco(), p.order()))
                    .toArray(String[]::new))).statusCode(200).body("accepted", equalTo(20));
            importFile("feedback", ndjson(people.stream().map(p -> """
                    {"feedbackId":"F%s","pocoAccountId":"%s","rating":5,"comment":"%s","createdAt":"2024-05-04T08:00:00Z"}"""
                    .formatted(p.order(), p.poco(), p.comment())).toArray(String[]::new))).statusCode(200);
            // a bad line quoting personal data must not put it in a log either
            importFile("accounts", ndjson("{\"pocoAccountId\":\"" + run + "-bad\",\"email\":\"" + people.get(0).email()
                    + "\",\"name\":\"" + people.get(0).name() + "\",\"region\":\"mars\"}")).statusCode(200);
            migrate(people.stream().map(Person::poco).toList());
            people.forEach(p -> awaitState(p.poco(), "MIGRATED"));

            String mi = migration(people.get(0).poco()).extract().path("miAccountId");
            given().when().delete("/api/accounts/mi/" + mi + "/poco-data")
                    .then().statusCode(200).body("pocoAccountIds", contains(people.get(0).poco()));
            List<String> keys = new ArrayList<>(people.stream().map(Person::poco).toList());
            keys.add(mi);
            await().atMost(Api.ASYNC).until(() -> published.getRecords().stream().map(ConsumerRecord::key).toList()
                    .containsAll(keys));
            List<ConsumerRecord<String, String>> events = published.getRecords().stream()
                    .filter(r -> keys.contains(r.key())).toList();

            List<String> personal = people.stream()
                    .flatMap(p -> Stream.of(p.email(), p.name(), p.phone(), p.comment())).toList();
            assertThat(leaks(logs.lines(), personal), empty());
            assertThat(leaks(events.stream().map(r -> r.key() + " " + r.value()).toList(), personal), empty());
            assertThat(CloudEventRecords.withKey(events, people.get(0).poco()), hasSize(1));

            List<ConsumerRecord<String, String>> erased = CloudEventRecords.withKey(events, mi);
            assertThat(erased, hasSize(1));
            assertThat(EventSchemas.violations(EventType.ACCOUNT_ERASED, erased.get(0).value()), empty());

            // nothing personal of the erased account is left in any table; the others' data is untouched
            Person gone = people.get(0);
            assertThat(rowsMentioning(gone.email(), gone.name(), gone.phone(), gone.comment(), "T" + gone.order()), empty());
            // the e-mail in poco_account and in the Mi account provisioned with it, the comment in poco_feedback
            assertThat(rowsMentioning(people.get(1).email(), people.get(1).comment()), hasSize(3));
            // what accounting keeps: the order and its total
            try (Connection c = database.getConnection(); PreparedStatement s = c.prepareStatement(
                    "SELECT total, items::text, shipments::text FROM poco_order WHERE order_id = ?")) {
                s.setString(1, gone.order());
                try (ResultSet r = s.executeQuery()) {
                    r.next();
                    assertThat(r.getBigDecimal(1).toPlainString(), equalTo("19.99"));
                    assertThat(r.getString(2) + r.getString(3), equalTo("[][]"));
                }
            }
            // the export is empty, for the holder too; asking again erases nothing more
            given().header("Authorization", Tokens.bearer(Tokens.customer(mi)))
                    .when().get("/api/accounts/mi/" + mi + "/poco-data")
                    .then().statusCode(200).body("pocoAccounts", empty()).body("email", nullValue())
                    .body("erasedAt", notNullValue());
            given().when().delete("/api/accounts/mi/" + mi + "/poco-data").then().statusCode(200);
            given().when().delete("/api/accounts/mi/" + mi + "/poco-data").then().statusCode(200);
            assertThat(outboxEventsFor(mi), equalTo(1L));
        } finally {
            published.stop();
        }
    }

    private long outboxEventsFor(String key) throws SQLException {
        try (Connection c = database.getConnection();
                PreparedStatement s = c.prepareStatement("SELECT count(*) FROM outbox_event WHERE message_key = ? AND topic = 'account-erased'")) {
            s.setString(1, key);
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getLong(1);
            }
        }
    }

    private static List<String> leaks(List<String> texts, List<String> personal) {
        return texts.stream().filter(text -> personal.stream().anyMatch(text::contains)).toList();
    }

    private List<String> rowsMentioning(String... values) throws SQLException {
        try (Connection c = database.getConnection()) {
            return PersonalDataScan.rowsMentioning(c, values);
        }
    }
}
