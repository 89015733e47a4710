package com.mi.poco.account;

import static com.mi.poco.testing.Api.ASYNC;
import static com.mi.poco.account.AccountApi.account;
import static com.mi.poco.account.AccountApi.awaitState;
import static com.mi.poco.account.AccountApi.importFile;
import static com.mi.poco.account.AccountApi.migrate;
import static com.mi.poco.account.AccountApi.miAccount;
import static com.mi.poco.account.AccountApi.migration;
import static com.mi.poco.account.AccountApi.order;
import static com.mi.poco.testing.Api.ndjson;
import static com.mi.poco.testing.Api.unique;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import com.mi.poco.events.CloudEvents;
import com.mi.poco.events.EventSchemas;
import com.mi.poco.events.EventType;
import com.mi.poco.testing.CloudEventRecords;
import com.mi.poco.testing.InjectKafkaCompanion;
import com.mi.poco.testing.MigrationEvents;
import com.mi.poco.testing.Tokens;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.reactive.messaging.kafka.companion.ConsumerTask;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.Test;

/** docs/domain.md's account migration and migration status rules, against the real broker and database. */
@QuarkusTest
class AccountMigrationTest {

    @InjectKafkaCompanion
    KafkaCompanion kafka;

    @Test
    void verifiedEmailLinksToTheMiAccountWithTheSameEmailWhateverItsCase() {
        String poco = unique("P");
        String mi = unique("M");
        String email = unique("ana") + "@example.com";
        importFile("mi-accounts", ndjson(miAccount(mi, email.toUpperCase(), "uk"))).body("accepted", equalTo(1));
        importFile("accounts", ndjson(account(poco, email, true, "uk"))).body("accepted", equalTo(1));

        migrate(List.of(poco));

        awaitState(poco, "MIGRATED");
        migration(poco).body("miAccountId", equalTo(mi)).body("link", equalTo("LINKED_EXISTING"));
    }

    @Test
    void unverifiedEmailNeverLinksAndATakenEmailIsNotCopied() {
        String poco = unique("P");
        String mi = unique("M");
        String email = unique("bob") + "@example.com";
        importFile("mi-accounts", ndjson(miAccount(mi, email, "uk")));
        importFile("accounts", ndjson(account(poco, email, false, "uk")));

        migrate(List.of(poco));

        awaitState(poco, "MIGRATED");
        migration(poco).body("miAccountId", not(equalTo(mi))).body("link", equalTo("PROVISIONED"));
        MiAccount provisioned = miAccountOf(poco);
        assertThat("the customer verifies an e-mail later", provisioned.email, nullValue());
    }

    @Test
    void withoutAMatchingMiAccountANewOneIsProvisionedWithTheEmail() {
        String poco = unique("P");
        String email = unique("cara") + "@example.com";
        importFile("accounts", ndjson(account(poco, email, true, "fr")));

        migrate(List.of(poco));

        awaitState(poco, "MIGRATED");
        migration(poco).body("link", equalTo("PROVISIONED")).body("miAccountId", startsWith("MP"));
        MiAccount provisioned = miAccountOf(poco);
        assertThat(provisioned.email, equalTo(email));
        assertThat(provisioned.emailVerified, equalTo(true));
        assertThat(provisioned.region, equalTo("fr"));
    }

    @Test
    void twoPocoAccountsWithOneVerifiedEmailShareOneMiAccount() {
        String first = unique("P");
        String second = unique("P");
        String email = unique("dan") + "@example.com";
        importFile("accounts", ndjson(account(first, email, true, "de"), account(second, email, true, "de")));

        migrate(List.of(first, second));

        awaitState(first, "MIGRATED");
        awaitState(second, "MIGRATED");
        assertThat(miAccountOf(first).miAccountId, equalTo(miAccountOf(second).miAccountId));
    }

    @Test
    void migratingTwiceIsANoOp() {
        String poco = unique("P");
        importFile("accounts", ndjson(account(poco, null, false, "es")));
        ConsumerTask<String, String> published = kafka.consumeStrings().fromTopics(EventType.ACCOUNT_MIGRATED.topic());
        migrate(List.of(poco));
        awaitState(poco, "MIGRATED");
        String miAccount = migration(poco).extract().path("miAccountId");

        String again = migrate(List.of(poco));

        await().atMost(ASYNC).untilAsserted(() -> given().when().get(again).then()
                .body("status", equalTo("FINISHED"))
                .body("total", equalTo(0))
                .body("alreadyMigrated", equalTo(1)));
        migration(poco).body("miAccountId", equalTo(miAccount));
        await().atMost(ASYNC).until(() -> CloudEventRecords.withKey(published.getRecords(), poco).size() == 1);
        assertThat(CloudEventRecords.withKey(published.getRecords(), poco), hasSize(1));
        published.stop();
    }

    @Test
    void accountMigratedIsACloudEventKeyedByTheAccountThatConformsToItsSchema() {
        String poco = unique("P");
        importFile("accounts", ndjson(account(poco, unique("eve") + "@example.com", true, "it")));
        ConsumerTask<String, String> published = kafka.consumeStrings().fromTopics(EventType.ACCOUNT_MIGRATED.topic());

        String location = migrate(List.of(poco));

        await().atMost(ASYNC).until(() -> !CloudEventRecords.withKey(published.getRecords(), poco).isEmpty());
        ConsumerRecord<String, String> event = CloudEventRecords.withKey(published.getRecords(), poco).get(0);
        assertThat(CloudEventRecords.header(event, CloudEvents.TYPE).orElseThrow(), equalTo("com.mi.poco.account.migrated.v1"));
        assertThat(CloudEventRecords.header(event, CloudEvents.SOURCE).orElseThrow(), equalTo("/poco-migration/account-service"));
        assertThat(CloudEventRecords.header(event, CloudEvents.SUBJECT).orElseThrow(), equalTo(poco));
        assertThat(CloudEventRecords.header(event, CloudEvents.ID).orElse(null), notNullValue());
        assertThat(EventSchemas.violations(EventType.ACCOUNT_MIGRATED, event.value()), empty());
        assertThat(event.value(), containsString(location.substring(location.lastIndexOf('/') + 1)));
        assertThat("no personal data in the event", event.value(), not(containsString("@example.com")));
        published.stop();
    }

    @Test
    void samePointsConvertedTwiceChangesNothing() {
        String poco = migratedAccount();
        String miAccount = migration(poco).extract().path("miAccountId");
        String eventId = UUID.randomUUID().toString();

        publish(EventType.POINTS_CONVERTED, eventId, poco, pointsConverted(poco, miAccount, 500));
        RecordMetadata again = publish(EventType.POINTS_CONVERTED, eventId, poco, pointsConverted(poco, miAccount, 500));
        publish(EventType.COUPON_REISSUED, UUID.randomUUID().toString(), poco, couponsReissued(poco, miAccount));

        MigrationEvents.awaitConsumed(kafka, "account-service", again);
        awaitState(poco, "COMPLETED");
        migration(poco).body("points.conversions", equalTo(1)).body("points.miPointsCredited", equalTo(500));
    }

    @Test
    void completedOnlyAfterBothSteps() {
        String poco = migratedAccount();
        String miAccount = migration(poco).extract().path("miAccountId");

        publish(EventType.POINTS_CONVERTED, UUID.randomUUID().toString(), poco, pointsConverted(poco, miAccount, 120));

        await().atMost(ASYNC).untilAsserted(() -> migration(poco).body("points.reported", equalTo(true)));
        migration(poco).body("state", equalTo("MIGRATED")).body("completedAt", nullValue());

        publish(EventType.COUPON_REISSUED, UUID.randomUUID().toString(), poco, couponsReissued(poco, miAccount,
                "{\"legacyCode\":\"POCO-A\",\"decision\":\"REISSUED\",\"miCouponId\":\"c1\"}",
                "{\"legacyCode\":\"POCO-B\",\"decision\":\"EXPIRED\",\"miCouponId\":null}"));

        awaitState(poco, "COMPLETED");
        migration(poco).body("coupons.reissued", equalTo(1)).body("coupons.notReissued", equalTo(1))
                .body("completedAt", notNullValue());
    }

    @Test
    void accountWithNoPointsAndNoCouponsStillCompletes() {
        String poco = migratedAccount();
        String miAccount = migration(poco).extract().path("miAccountId");

        publish(EventType.POINTS_CONVERTED, UUID.randomUUID().toString(), poco, pointsConverted(poco, miAccount, 0));
        publish(EventType.COUPON_REISSUED, UUID.randomUUID().toString(), poco, couponsReissued(poco, miAccount));

        awaitState(poco, "COMPLETED");
        migration(poco).body("points.miPointsCredited", equalTo(0)).body("coupons.reissued", equalTo(0));
    }

    @Test
    void malformedReportGoesToTheDeadLetterTopicAndTheNextOneIsStillApplied() {
        String poco = migratedAccount();
        String miAccount = migration(poco).extract().path("miAccountId");
        ConsumerTask<String, String> dlq = kafka.consumeStrings().fromTopics("points-converted.account-service.dlq");
        String notJson = UUID.randomUUID().toString();
        String incomplete = UUID.randomUUID().toString();

        publish(EventType.POINTS_CONVERTED, notJson, poco, "{not json");
        publish(EventType.POINTS_CONVERTED, incomplete, poco, "{\"pocoAccountId\":\"" + poco + "\"}");
        publish(EventType.POINTS_CONVERTED, UUID.randomUUID().toString(), poco, pointsConverted(poco, miAccount, 7));

        await().atMost(ASYNC).untilAsserted(() -> migration(poco).body("points.miPointsCredited", equalTo(7)));
        // batches are applied by two workers, so the two poison records may reach the DLQ in either order
        await().atMost(ASYNC).untilAsserted(() -> assertThat(CloudEventRecords.withKey(dlq.getRecords(), poco).stream()
                .map(r -> CloudEventRecords.header(r, CloudEvents.ID).orElse("")).toList(),
                containsInAnyOrder(notJson, incomplete)));
        dlq.stop();
    }

    @Test
    void aMigrationIsFollowedAtItsLocationWithCountsPerState() {
        String a = unique("P");
        String b = unique("P");
        String unknown = unique("nobody");
        importFile("accounts", ndjson(account(a, null, false, "uk"), account(b, null, false, "uk")));

        String location = migrate(List.of(a, b, unknown));

        await().atMost(ASYNC).untilAsserted(() -> given().when().get(location).then()
                .statusCode(200)
                .body("status", equalTo("FINISHED"))
                .body("total", equalTo(2))
                .body("accounts.MIGRATED", equalTo(2))
                .body("accounts.PENDING", equalTo(0))
                .body("unknownAccountIds", equalTo(1))
                .body("unknownAccountIdsListed", contains(unknown)));
    }

    @Test
    void aMigrationsLocationIsRelativeSoThatOneStartedThroughTheGatewayIsFollowedThroughIt() {
        String a = unique("P");
        importFile("accounts", ndjson(account(a, null, false, "uk")));

        String location = migrate(List.of(a));

        assertThat(location, org.hamcrest.Matchers.matchesPattern("/api/migrations/[0-9a-f-]{36}"));
    }

    @Test
    void theLatestMigrationsAreListedNewestFirst() {
        String a = unique("P");
        String b = unique("P");
        importFile("accounts", ndjson(account(a, null, false, "uk"), account(b, null, false, "uk")));
        String first = migrate(List.of(a));
        String second = migrate(List.of(b));

        given().when().get("/api/migrations?limit=2").then().statusCode(200)
                .body("id", contains(second.substring(second.lastIndexOf('/') + 1), first.substring(first.lastIndexOf('/') + 1)))
                .body("[0].total", equalTo(1));
        // a limit out of its range is the request's mistake, not silently another limit
        for (String limit : List.of("0", "-1", "101")) {
            given().when().get("/api/migrations?limit=" + limit).then().statusCode(400)
                    .contentType("application/problem+json")
                    .body("type", endsWith("/validation"))
                    .body("violations.field", contains("limit"));
        }
    }

    @Test
    void aMigrationCountsEachAccountThatCompletesOnceWhateverReportsFollow() {
        String a = unique("P");
        String b = unique("P");
        importFile("accounts", ndjson(account(a, null, false, "uk"), account(b, null, false, "uk")));
        String location = migrate(List.of(a, b));
        awaitState(a, "MIGRATED");
        awaitState(b, "MIGRATED");
        String miA = migration(a).extract().path("miAccountId");
        String miB = migration(b).extract().path("miAccountId");

        publish(EventType.POINTS_CONVERTED, UUID.randomUUID().toString(), a, pointsConverted(a, miA, 10));
        publish(EventType.COUPON_REISSUED, UUID.randomUUID().toString(), a, couponsReissued(a, miA));
        publish(EventType.POINTS_CONVERTED, UUID.randomUUID().toString(), b, pointsConverted(b, miB, 5));
        awaitState(a, "COMPLETED");
        // a late report for a completed account, and the same report delivered twice, complete nothing more
        String late = UUID.randomUUID().toString();
        publish(EventType.POINTS_CONVERTED, late, a, pointsConverted(a, miA, 3));
        publish(EventType.POINTS_CONVERTED, late, a, pointsConverted(a, miA, 3));
        await().atMost(ASYNC).untilAsserted(() -> migration(a).body("points.miPointsCredited", equalTo(13)));

        await().atMost(ASYNC).untilAsserted(() -> given().when().get(location).then()
                .statusCode(200)
                .body("status", equalTo("FINISHED"))
                .body("total", equalTo(2))
                .body("accounts.PENDING", equalTo(0))
                .body("accounts.MIGRATED", equalTo(1))
                .body("accounts.COMPLETED", equalTo(1)));

        publish(EventType.COUPON_REISSUED, UUID.randomUUID().toString(), b, couponsReissued(b, miB));
        await().atMost(ASYNC).untilAsserted(() -> given().when().get(location).then()
                .body("accounts.MIGRATED", equalTo(0))
                .body("accounts.COMPLETED", equalTo(2)));
    }

    @Test
    void migrationOfOnlyUnknownAccountsIsAProblem() {
        given().contentType("application/json").body("{\"pocoAccountIds\":[\"" + unique("nobody") + "\"]}")
                .when().post("/api/migrations")
                .then().statusCode(422)
                .contentType("application/problem+json")
                .body("type", containsString("unknown-accounts"));
    }

    @Test
    void migrationRequestMustNameExactlyOneSelection() {
        given().contentType("application/json").body("{\"region\":\"uk\",\"all\":true}")
                .when().post("/api/migrations")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("detail", containsString("exactly one"));
        given().contentType("application/json").body("{\"region\":\"mars\"}")
                .when().post("/api/migrations")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("violations[0].field", equalTo("region"));
        given().contentType("application/json").body("{\"region\":")
                .when().post("/api/migrations")
                .then().statusCode(400)
                .contentType("application/problem+json");
        given().when().get("/api/migrations/" + UUID.randomUUID())
                .then().statusCode(404)
                .contentType("application/problem+json");
        // a parameter that is not of its type is the request's mistake (JAX-RS would say 404 for path and query)
        for (String path : List.of("/api/migrations/not-a-uuid", "/api/migrations?limit=ten",
                "/api/migrations?limit=99999999999")) {
            given().when().get(path)
                    .then().statusCode(400)
                    .contentType("application/problem+json")
                    .body("type", endsWith("/invalid-parameter"))
                    .body("detail", containsString("not of its type"));
        }
        given().when().get("/api/migrations?limit=ten").then()
                .body("detail", equalTo("A path or query parameter is not of its type: expected a whole number, got \"ten\""));
        given().when().get("/api/migrations?limit=99999999999").then()
                .body("detail", equalTo("A path or query parameter is not of its type: the number 99999999999 is out of range"));
        // a migration's id in its one written form: Java's UUID.fromString would read 1-1-1-1-1 as 00000001-0001-...
        for (String path : List.of("/api/migrations/zz", "/api/migrations/1-1-1-1-1", "/api/migrations/verification?migration=1-1-1-1-1")) {
            String value = path.substring(path.lastIndexOf(path.contains("=") ? '=' : '/') + 1);
            given().when().get(path).then().statusCode(400)
                    .contentType("application/problem+json")
                    .body("type", endsWith("/invalid-parameter"))
                    .body("detail", equalTo("A path or query parameter is not of its type: expected a UUID such as "
                            + "3b159d59-1070-43da-a5e7-f121342c9d1e, got \"" + value + "\""));
        }
        given().when().post("/api/migrations/1-1-1-1-1/pause").then().statusCode(400);
    }

    @Test
    void theVerificationOfAMigrationThatIsNotThereIsNotFound() {
        // else it would be a clean verification of no accounts: "verify: OK" for a mistyped id
        UUID nowhere = UUID.randomUUID();
        given().when().get("/api/migrations/verification?migration=" + nowhere).then().statusCode(404)
                .contentType("application/problem+json")
                .body("type", endsWith("/migration-not-found"))
                .body("detail", equalTo("No migration with id " + nowhere));
        given().when().get("/api/migrations/verification?migration=" + nowhere.toString().toUpperCase(Locale.ROOT))
                .then().statusCode(404);
    }

    @Test
    void personalDataExportHoldsProfileOrdersWithLogisticsAndFeedback() {
        String poco = unique("P");
        String order = unique("O");
        importFile("accounts", ndjson(account(poco, unique("fay") + "@example.com", true, "uk")));
        importFile("orders", ndjson("""
                {"orderId":"%s","pocoAccountId":"%s","placedAt":"2024-05-01T09:30:00Z","currency":"GBP","total":"249.99",\
                "status":"DELIVERED","items":[{"sku":"POCO-F6-8-256","name":"POCO F6","quantity":1,"unitPrice":"249.99"}],\
                "shipments":[{"carrier":"DPD","trackingNumber":"15501234567890","events":[{"at":"2024-05-03T14:00:00Z",\
                "status":"DELIVERED","location":"London"}]}]}""".formatted(order, poco)));
        importFile("feedback", ndjson("""
                {"feedbackId":"%s","pocoAccountId":"%s","orderId":"%s","rating":4,"comment":"Fast delivery",\
                "createdAt":"2024-05-04T08:00:00Z"}""".formatted(unique("F"), poco, order)));
        migrate(List.of(poco));
        awaitState(poco, "MIGRATED");
        String miAccount = migration(poco).extract().path("miAccountId");

        given().header("Authorization", Tokens.bearer(Tokens.customer(miAccount)))
                .when().get("/api/accounts/mi/" + miAccount + "/poco-data")
                .then().statusCode(200)
                .body("miAccountId", equalTo(miAccount))
                .body("pocoAccounts", hasSize(1))
                .body("pocoAccounts[0].pocoAccountId", equalTo(poco))
                .body("pocoAccounts[0].name", equalTo("Name " + poco))
                .body("pocoAccounts[0].orders[0].orderId", equalTo(order))
                .body("pocoAccounts[0].orders[0].total", equalTo(249.99f))
                .body("pocoAccounts[0].orders[0].shipments[0].trackingNumber", equalTo("15501234567890"))
                .body("pocoAccounts[0].orders[0].shipments[0].events[0].location", equalTo("London"))
                .body("pocoAccounts[0].feedback[0].comment", equalTo("Fast delivery"));
        String unknown = unique("M");
        given().header("Authorization", Tokens.bearer(Tokens.customer(unknown)))
                .when().get("/api/accounts/mi/" + unknown + "/poco-data")
                .then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    void personalDataExportGivesEachPocoAccountOfAMiAccountItsOwnOrdersAndFeedback() {
        String mi = unique("M");
        String email = unique("gil") + "@example.com";
        String first = unique("P");
        String second = unique("P");
        importFile("mi-accounts", ndjson(miAccount(mi, email, "uk"))).body("accepted", equalTo(1));
        importFile("accounts", ndjson(account(first, email, true, "uk"), account(second, email, true, "uk")));
        importFile("orders", ndjson(order(unique("O"), first, "2024-05-01T09:30:00Z"),
                order(unique("O"), second, "2024-03-01T09:30:00Z"), order(unique("O"), second, "2024-04-01T09:30:00Z")));
        importFile("feedback", ndjson("""
                {"feedbackId":"%s","pocoAccountId":"%s","rating":2,"comment":"Late","createdAt":"2024-05-04T08:00:00Z"}"""
                .formatted(unique("F"), second)));
        String lonely = unique("M");
        importFile("mi-accounts", ndjson(miAccount(lonely, unique("hal") + "@example.com", "uk")));
        migrate(List.of(first, second));
        awaitState(first, "MIGRATED");
        awaitState(second, "MIGRATED");

        given().header("Authorization", Tokens.bearer(Tokens.customer(mi)))
                .when().get("/api/accounts/mi/" + mi + "/poco-data")
                .then().statusCode(200)
                .body("pocoAccounts.pocoAccountId", containsInAnyOrder(first, second))
                .body("pocoAccounts.find { it.pocoAccountId == '%s' }.orders.placedAt".formatted(first),
                        contains("2024-05-01T09:30:00Z"))
                .body("pocoAccounts.find { it.pocoAccountId == '%s' }.feedback".formatted(first), empty())
                .body("pocoAccounts.find { it.pocoAccountId == '%s' }.orders.placedAt".formatted(second),
                        contains("2024-03-01T09:30:00Z", "2024-04-01T09:30:00Z"))
                .body("pocoAccounts.find { it.pocoAccountId == '%s' }.feedback.comment".formatted(second),
                        contains("Late"));
        // a Mi account no POCO account was migrated to: its document, with nothing from POCO
        given().header("Authorization", Tokens.bearer(Tokens.customer(lonely)))
                .when().get("/api/accounts/mi/" + lonely + "/poco-data")
                .then().statusCode(200)
                .body("miAccountId", equalTo(lonely))
                .body("pocoAccounts", empty());
    }

    private String migratedAccount() {
        String poco = unique("P");
        importFile("accounts", ndjson(account(poco, null, false, "global")));
        migrate(List.of(poco));
        awaitState(poco, "MIGRATED");
        return poco;
    }

    private RecordMetadata publish(EventType type, String id, String key, String json) {
        return MigrationEvents.publish(kafka, CloudEventRecords.of(type, id, key, json));
    }

    private static String pointsConverted(String poco, String mi, long credited) {
        return """
                {"pocoAccountId":"%s","miAccountId":"%s","conversionId":"%s","late":false,"balance":%d,\
                "expiredPoints":0,"pocoPointsConverted":%d,"miPointsCredited":%d,"rate":1,"remainder":0,\
                "convertedAt":"2024-12-12T00:00:00Z"}""".formatted(poco, mi, UUID.randomUUID(), credited, credited, credited);
    }

    private static String couponsReissued(String poco, String mi, String... outcomes) {
        return """
                {"pocoAccountId":"%s","miAccountId":"%s","late":false,"coupons":[%s],"reissuedAt":"2024-12-12T00:00:00Z"}"""
                .formatted(poco, mi, String.join(",", outcomes));
    }

    private static MiAccount miAccountOf(String poco) {
        return QuarkusTransaction.requiringNew().call(() -> {
            PocoAccount account = PocoAccount.findById(poco);
            return MiAccount.findById(account.miAccountId);
        });
    }
}
