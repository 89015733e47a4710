package com.mi.poco.loyalty;

import static com.mi.poco.testing.Api.ASYNC;
import static com.mi.poco.testing.Api.ndjson;
import static com.mi.poco.testing.Api.postNdjson;
import static com.mi.poco.testing.Api.unique;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import com.fasterxml.jackson.databind.JsonNode;
import com.mi.poco.events.EventType;
import com.mi.poco.events.PointsConverted;
import com.mi.poco.messaging.outbox.Outbox;
import com.mi.poco.messaging.outbox.UnsendableEventException;
import com.mi.poco.testing.CloudEventRecords;
import com.mi.poco.testing.DatabaseOutage;
import com.mi.poco.testing.InjectKafkaCompanion;
import com.mi.poco.testing.Management;
import com.mi.poco.testing.MigrationEvents;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.reactive.messaging.kafka.companion.ConsumerTask;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Transient failures are waited out, poison is dead-lettered and can be replayed, an event the broker
 * refuses is parked without holding up the others, and the verification finds a missing step.
 */
@QuarkusTest
class FaultHandlingTest {

    private static final String DLQ = "account-migrated.loyalty-service.dlq";

    @InjectKafkaCompanion
    KafkaCompanion kafka;

    @Inject
    EntityManager entityManager;

    @Inject
    Outbox outbox;

    private ConsumerTask<String, String> reports;
    private ConsumerTask<String, String> deadLetters;

    @BeforeEach
    void listen() {
        reports = kafka.consumeStrings().fromTopics(EventType.POINTS_CONVERTED.topic());
        deadLetters = kafka.consumeStrings().fromTopics(DLQ);
    }

    @AfterEach
    void stopListening() {
        reports.stop();
        deadLetters.stop();
    }

    /** The ops listings take a limit from 0 (counts only) to 1,000; any other is refused, not taken for another. */
    @Test
    void aListingLimitOutOfItsRangeIsAValidationProblem() {
        given().get("/api/loyalty/dead-letters?limit=0").then().statusCode(200);
        given().get("/api/loyalty/outbox/parked?limit=1000").then().statusCode(200);
        for (String path : List.of("/api/loyalty/dead-letters?limit=1001", "/api/loyalty/dead-letters?limit=-1",
                "/api/loyalty/outbox/parked?limit=1001", "/api/loyalty/verification?listed=-1")) {
            given().get(path).then().statusCode(400)
                    .contentType("application/problem+json")
                    .body("type", endsWith("/validation"))
                    .body("violations.size()", equalTo(1));
        }
    }

    @Test
    void refusedConnectionsDuringABatchAreWaitedOutAndEveryAccountIsConvertedOnceNeverDeadLettered() {
        List<String> accounts = IntStream.range(0, 30).mapToObj(i -> unique("P")).toList();
        postNdjson("/api/loyalty/imports/points", ndjson(accounts.stream()
                .map(poco -> PointsConversionTest.entry(poco, 100, null)).toArray(String[]::new)))
                .statusCode(200).body("accepted", equalTo(30));

        try (DatabaseOutage outage = DatabaseOutage.ofTheServiceDatabase()) {
            accounts.forEach(poco -> MigrationEvents.migrate(kafka, poco));
            await().atMost(ASYNC).untilAsserted(() -> given().get(Management.url("/q/health/ready")).then().statusCode(503)
                    .body("checks.find { it.name == 'dependencies' }.status", equalTo("DOWN")));
        }

        await().atMost(ASYNC).until(() -> accounts.stream()
                .allMatch(poco -> !CloudEventRecords.withKey(reports.getRecords(), poco).isEmpty()));
        await().atMost(ASYNC).untilAsserted(() -> given().get(Management.url("/q/health/ready")).then().statusCode(200));
        for (String poco : accounts) {
            assertThat(MigrationEvents.reportsOf(reports, poco).size(), equalTo(1));
            given().get("/api/loyalty/accounts/poco/" + poco).then().statusCode(200)
                    .body("conversions.size()", equalTo(1));
        }
        assertThat(deadLetters.getRecords().stream().filter(r -> accounts.contains(r.key())).toList(), empty());
        List<String> listed = given().get("/api/loyalty/dead-letters?limit=1000").then().statusCode(200)
                .extract().jsonPath().getList("letters.subject", String.class);
        assertThat(listed.stream().filter(accounts::contains).toList(), empty());
    }

    @Test
    void anImportPartThatMeetsADatabaseOutageIsA503WithRetryAfterAndTheSamePartAgainIsStored() {
        String poco = unique("P");
        String part = ndjson(PointsConversionTest.entry(poco, 5, null), PointsConversionTest.entry(poco, 6, null));

        try (DatabaseOutage outage = DatabaseOutage.ofTheServiceDatabase()) {
            postNdjson("/api/loyalty/imports/points", part).statusCode(503)
                    .contentType("application/problem+json")
                    .header("Retry-After", org.hamcrest.Matchers.notNullValue())
                    .body("type", org.hamcrest.Matchers.endsWith("/dependency-unavailable"));
        }

        await().atMost(ASYNC).untilAsserted(() -> postNdjson("/api/loyalty/imports/points", part).statusCode(200)
                .body("accepted", equalTo(2)).body("rejected", equalTo(0)));
        given().get("/api/loyalty/accounts/poco/" + poco).then().statusCode(200).body("entries.size()", equalTo(2));
    }

    /**
     * An outage cuts the session of every connection the pool keeps, and the pool does not know it. A
     * connection idle for longer than {@code quarkus.datasource.jdbc.foreground-validation-interval} is
     * checked before it is handed out, so the reads that come once the database is back are answered,
     * none failed with a 503 on a connection the outage had cut.
     */
    @Test
    void readsOnceTheDatabaseIsBackAreAnsweredNotFailedOnConnectionsTheOutageCut() throws Exception {
        String poco = unique("P");
        postNdjson("/api/loyalty/imports/points", ndjson(PointsConversionTest.entry(poco, 5, null))).statusCode(200);
        String read = "/api/loyalty/accounts/poco/" + poco;
        ExecutorService clients = Executors.newFixedThreadPool(8); // reads at once: the pool keeps several connections
        try {
            List<Callable<Integer>> reads = IntStream.range(0, 200)
                    .<Callable<Integer>>mapToObj(i -> () -> given().get(read).statusCode()).toList();
            for (Future<Integer> status : clients.invokeAll(reads)) {
                assertThat(status.get(), equalTo(200));
            }
        } finally {
            clients.shutdown();
        }
        int pooled = DatabaseOutage.sessionsOfTheServiceDatabase();
        assertThat("connections kept by the pool", pooled, greaterThanOrEqualTo(3));

        try (DatabaseOutage outage = DatabaseOutage.ofTheServiceDatabase()) {
            await().atMost(ASYNC).until(() -> DatabaseOutage.sessionsOfTheServiceDatabase() == 0); // each cut
        }
        // the pool's connections sit idle for longer than the interval, as they do in a quiet service
        Duration validatedAfter = ConfigProvider.getConfig()
                .getValue("quarkus.datasource.jdbc.foreground-validation-interval", Duration.class);
        long back = System.nanoTime();
        await().atMost(ASYNC).until(() -> System.nanoTime() - back > validatedAfter.toNanos());

        for (int i = 0; i <= pooled; i++) {
            given().get(read).then().statusCode(200).body("entries.size()", equalTo(1));
        }
    }

    @Test
    void aMalformedEventIsStillDeadLetteredListedForOpsAndStaysListedWhenItsReplayFailsAgain() {
        String poco = unique("P");
        String eventId = UUID.randomUUID().toString();
        MigrationEvents.publish(kafka, CloudEventRecords.of(EventType.ACCOUNT_MIGRATED, eventId, poco,
                "{\"pocoAccountId\":\"" + poco + "\"}"));

        await().atMost(ASYNC).until(() -> !CloudEventRecords.withKey(deadLetters.getRecords(), poco).isEmpty());
        await().atMost(ASYNC).untilAsserted(() -> given().get("/api/loyalty/dead-letters?reason=missing-field&limit=1000")
                .then().statusCode(200)
                .body("letters.eventId", hasItem(eventId))
                .body("byReason.missing-field", not(equalTo(0))));

        given().contentType("application/json").body(Map.of("eventIds", List.of(eventId)))
                .post("/api/loyalty/dead-letters/replay").then().statusCode(200)
                .body("selected", equalTo(1))
                .body("failedAgain", equalTo(1))
                .body("stillWaiting[0].reason", containsString("lacks required field"))
                .body("stillWaiting[0].attempts", equalTo(2));
        given().get("/api/loyalty/dead-letters?limit=1000").then().statusCode(200).body("letters.eventId", hasItem(eventId));
    }

    @Test
    void aReplayedLetterIsAppliedOnceByTheInboxAndLeavesTheList() {
        String poco = unique("P");
        String mi = unique("M");
        String eventId = UUID.randomUUID().toString();
        postNdjson("/api/loyalty/imports/points", ndjson(PointsConversionTest.entry(poco, 70, null))).statusCode(200);
        // a letter dead-lettered by a cause since mended, as the inbox stores it
        QuarkusTransaction.requiringNew().run(() -> entityManager.createNativeQuery("""
                        INSERT INTO dead_letter (consumer, channel, topic, partition_no, record_offset, event_id, event_type,
                            subject, message_key, payload, headers, reason_kind, reason, first_seen, last_failed, attempts)
                        VALUES ('loyalty-service.account-migrated', 'account-migrated', 'account-migrated', 0, -1, ?1, ?2,
                            ?3, ?3, ?4, ?5, 'sql-40P01', 'a cause since mended', now(), now(), 1)""")
                .setParameter(1, eventId)
                .setParameter(2, EventType.ACCOUNT_MIGRATED.type())
                .setParameter(3, poco)
                .setParameter(4, MigrationEvents.accountMigrated(poco, mi))
                .setParameter(5, "{\"ce_id\":\"" + eventId + "\",\"ce_type\":\"" + EventType.ACCOUNT_MIGRATED.type()
                        + "\",\"ce_specversion\":\"1.0\",\"ce_source\":\"/poco-migration/test\"}")
                .executeUpdate());

        given().contentType("application/json").body(Map.of("eventIds", List.of(eventId)))
                .post("/api/loyalty/dead-letters/replay").then().statusCode(200)
                .body("selected", equalTo(1)).body("applied", equalTo(1)).body("failedAgain", equalTo(0));
        given().contentType("application/json").body(Map.of("eventIds", List.of(eventId)))
                .post("/api/loyalty/dead-letters/replay").then().statusCode(200).body("selected", equalTo(0));

        List<JsonNode> converted = MigrationEvents.awaitReports(reports, poco, 1);
        assertThat(converted.get(0).get("miPointsCredited").asLong(), equalTo(70L));
        given().get("/api/loyalty/accounts/mi/" + mi).then().statusCode(200).body("balance", equalTo(70));
        given().get("/api/loyalty/dead-letters?limit=1000").then().statusCode(200)
                .body("letters.eventId", not(hasItem(eventId)));
    }

    @Test
    void anEventTheBrokerRefusesIsParkedWhileTheOthersFlowAndIsRepublishedOnRequest() {
        UUID tooLarge = UUID.randomUUID();
        String key = unique("P");
        QuarkusTransaction.requiringNew().run(() -> entityManager.createNativeQuery("""
                        INSERT INTO outbox_event (id, topic, message_key, type, subject, payload, created_at)
                        VALUES (?1, 'points-converted', ?2, ?3, ?2, ?4, clock_timestamp())""")
                .setParameter(1, tooLarge)
                .setParameter(2, key)
                .setParameter(3, EventType.POINTS_CONVERTED.type())
                .setParameter(4, "{\"padding\":\"" + "x".repeat(2 * 1024 * 1024) + "\"}")
                .executeUpdate());

        List<String> others = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            String poco = unique("P");
            others.add(poco);
            MigrationEvents.migrate(kafka, poco);
        }
        await().atMost(ASYNC).until(() -> others.stream()
                .allMatch(poco -> !CloudEventRecords.withKey(reports.getRecords(), poco).isEmpty()));
        await().atMost(ASYNC).untilAsserted(() -> given().get("/api/loyalty/outbox/parked").then().statusCode(200)
                .body("events.id", hasItem(tooLarge.toString()))
                .body("events.find { it.id == '" + tooLarge + "' }.attempts", equalTo(5))
                .body("events.find { it.id == '" + tooLarge + "' }.lastError", containsString("RecordTooLarge")));

        given().contentType("application/json").body(Map.of("ids", List.of(tooLarge)))
                .post("/api/loyalty/outbox/parked/republish").then().statusCode(200).body("republished", equalTo(1));
        given().get("/api/loyalty/outbox/parked").then().statusCode(200).body("events.id", not(hasItem(tooLarge.toString())));
        // still too large: refused again, and parked again after its attempts
        await().atMost(ASYNC).untilAsserted(() -> given().get("/api/loyalty/outbox/parked").then().statusCode(200)
                .body("events.id", hasItem(tooLarge.toString())));
        // none named (an empty body): every parked event is given back; it answered 500 until 2026-12-03
        given().contentType("application/json").post("/api/loyalty/outbox/parked/republish").then().statusCode(200)
                .body("republished", greaterThanOrEqualTo(1));
        given().get("/api/loyalty/outbox/parked").then().statusCode(200).body("events.id", not(hasItem(tooLarge.toString())));
        await().atMost(ASYNC).untilAsserted(() -> given().get("/api/loyalty/outbox/parked").then().statusCode(200)
                .body("events.id", hasItem(tooLarge.toString())));
        assertThat(CloudEventRecords.withKey(reports.getRecords(), key), empty());
    }

    @Test
    void aRepublishRequestNamingANullIdIsABadRequest() {
        // a 500 until 2026-12-03: the null was bound as an id of no type
        given().contentType("application/json").body("{\"ids\":[null]}")
                .post("/api/loyalty/outbox/parked/republish").then().statusCode(400)
                .contentType("application/problem+json")
                .body("type", endsWith("/invalid-republish-request"));
    }

    @Test
    void aReplayRequestThatNamesNoDeadLetterClearlyIsABadRequest() {
        // {"eventIds":[null]} was a 500 until 2026-12-03: the null was bound as an id of no type
        for (String body : List.of("{\"eventIds\":[null]}", "{\"eventIds\":[]}", "{\"all\":true,\"reason\":\"x\"}",
                "{\"all\":false}")) {
            given().contentType("application/json").body(body)
                    .post("/api/loyalty/dead-letters/replay").then().statusCode(400)
                    .contentType("application/problem+json")
                    .body("type", endsWith("/invalid-replay-request"));
        }
    }

    @Test
    void anEventTooLargeToEverBeSentIsRefusedWhenItIsRecorded() {
        PointsConverted huge = new PointsConverted("P" + "9".repeat(1_100_000), "M1", UUID.randomUUID(), false,
                0, 0, 0, 0, java.math.BigDecimal.ONE, java.math.BigDecimal.ZERO, java.time.Instant.now());
        try {
            QuarkusTransaction.requiringNew().run(() -> outbox.record(EventType.POINTS_CONVERTED, "P1", huge));
            throw new AssertionError("an unsendable event was recorded");
        } catch (UnsendableEventException refused) {
            assertThat(refused.getMessage(), containsString("could never be published"));
        }
    }

    @Test
    void theVerificationAndTheReconciliationFindAMigratedAccountWithoutConversion() {
        String poco = unique("P");
        QuarkusTransaction.requiringNew().run(() -> entityManager.createNativeQuery("""
                INSERT INTO migrated_account (poco_account_id, mi_account_id, region, migrated_at)
                VALUES (?1, 'M-none', 'uk', now())""").setParameter(1, poco).executeUpdate());
        try {
            given().get("/api/loyalty/verification?listed=1000").then().statusCode(200)
                    .body("checks.noInitialConversion.accounts", hasItem(poco))
                    .body("checks.unsettledLegacyEntries.accounts", not(hasItem(poco)));
            given().get("/api/loyalty/reconciliation").then().statusCode(200)
                    .body("agree", equalTo(false))
                    .body("migratedAccountsWithoutConversion", equalTo(1));
        } finally {
            QuarkusTransaction.requiringNew().run(() -> entityManager
                    .createNativeQuery("DELETE FROM migrated_account WHERE poco_account_id = ?1")
                    .setParameter(1, poco).executeUpdate());
        }
        given().get("/api/loyalty/verification").then().statusCode(200)
                .body("checks.noInitialConversion.failing", equalTo(0));
    }

    /** The kept totals count every write, the service's or not: a Mi credit no conversion made unbalances them. */
    @Test
    void theReconciliationsTotalsSeeACreditNoConversionMade() {
        UUID stray = UUID.randomUUID();
        QuarkusTransaction.requiringNew().run(() -> entityManager.createNativeQuery("""
                INSERT INTO mi_points_entry (id, mi_account_id, delta, reason, at)
                VALUES (?1, 'M-stray', 7, 'POCO_CONVERSION', now())""").setParameter(1, stray).executeUpdate());
        try {
            var totals = given().get("/api/loyalty/reconciliation").then().statusCode(200)
                    .body("agree", equalTo(false))
                    .extract().jsonPath();
            assertThat(totals.getLong("miLedgerCredited"), equalTo(totals.getLong("miPointsCredited") + 7));
            given().get("/api/loyalty/reconciliation?audit=true").then().statusCode(200)
                    .body("agree", equalTo(false))
                    .body("totalsMatchRecount", equalTo(true));
        } finally {
            QuarkusTransaction.requiringNew().run(() -> entityManager
                    .createNativeQuery("DELETE FROM mi_points_entry WHERE id = ?1").setParameter(1, stray).executeUpdate());
        }
        var totals = given().get("/api/loyalty/reconciliation").then().extract().jsonPath();
        assertThat(totals.getLong("miLedgerCredited"), equalTo(totals.getLong("miPointsCredited")));
        given().get("/api/loyalty/reconciliation?audit=true").then().body("totalsMatchRecount", equalTo(true));
    }
}
