package com.mi.poco.loyalty;

import static com.mi.poco.testing.Api.ASYNC;
import static com.mi.poco.testing.Api.ndjson;
import static com.mi.poco.testing.Api.postNdjson;
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
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

import com.fasterxml.jackson.databind.JsonNode;
import com.mi.poco.events.CloudEvents;
import com.mi.poco.events.EventSchemas;
import com.mi.poco.events.EventType;
import com.mi.poco.loyalty.imports.PointsLine;
import com.mi.poco.testing.CloudEventRecords;
import com.mi.poco.testing.InjectKafkaCompanion;
import com.mi.poco.testing.MigrationEvents;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.reactive.messaging.kafka.companion.ConsumerTask;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** docs/domain.md's points rules, each with a real account-migrated through the real broker. */
@QuarkusTest
class PointsConversionTest {

    private static final String FUTURE = Instant.now().plus(365, ChronoUnit.DAYS).toString();
    private static final String PAST = Instant.now().minus(1, ChronoUnit.DAYS).toString();

    @InjectKafkaCompanion
    KafkaCompanion kafka;

    private ConsumerTask<String, String> reports;

    @BeforeEach
    void listen() {
        reports = kafka.consumeStrings().fromTopics(EventType.POINTS_CONVERTED.topic());
    }

    @AfterEach
    void stopListening() {
        reports.stop();
    }

    @Test
    void expiredEntriesAreNotConverted() throws Exception {
        String poco = unique("P");
        importPoints(entry(poco, 500, FUTURE), entry(poco, 300, PAST), entry(poco, -100, null));

        String mi = migrate(poco);

        JsonNode report = awaitReport(poco, 1).get(0);
        assertThat(report.get("balance").asLong(), equalTo(400L));
        assertThat(report.get("expiredPoints").asLong(), equalTo(300L));
        assertThat(report.get("miPointsCredited").asLong(), equalTo(400L));
        given().get("/api/loyalty/accounts/mi/" + mi).then().statusCode(200)
                .body("balance", equalTo(400))
                .body("entries", hasSize(1))
                .body("entries[0].fromPoco", equalTo(true));
        given().get("/api/loyalty/accounts/poco/" + poco).then().statusCode(200)
                .body("entries.find { it.delta == 300 }.status", equalTo("EXPIRED"))
                .body("entries.findAll { it.status == 'CONVERTED' }.delta", containsInAnyOrder(500, -100));
    }

    @Test
    void aPocoLedgerIsPendingUntilItsAccountIsMigratedThenSettledByItsConversion() throws Exception {
        String poco = unique("P");
        importPoints(entry(poco, 500, null), entry(poco, 300, PAST));
        given().get("/api/loyalty/accounts/poco/" + poco).then().statusCode(200)
                .body("migrated", equalTo(false))
                .body("miAccountId", nullValue())
                .body("entries.status", contains("PENDING", "PENDING"))
                .body("conversions", empty());

        String mi = MigrationEvents.migrate(kafka, poco);
        awaitReport(poco, 1);

        given().get("/api/loyalty/accounts/poco/" + poco).then().statusCode(200)
                .body("migrated", equalTo(true))
                .body("miAccountId", equalTo(mi))
                .body("entries.find { it.delta == 500 }.status", equalTo("CONVERTED"))
                .body("entries.find { it.delta == 300 }.status", equalTo("EXPIRED"))
                .body("conversions", hasSize(1))
                .body("conversions[0].pocoPointsConverted", equalTo(500));
    }

    @Test
    void negativeBalanceConvertsToZeroAndIsReported() throws Exception {
        String poco = unique("P");
        importPoints(entry(poco, 100, null), entry(poco, -300, null));

        String mi = migrate(poco);

        JsonNode report = awaitReport(poco, 1).get(0);
        assertThat(report.get("balance").asLong(), equalTo(-200L));
        assertThat(report.get("pocoPointsConverted").asLong(), equalTo(0L));
        assertThat(report.get("miPointsCredited").asLong(), equalTo(0L));
        given().get("/api/loyalty/accounts/mi/" + mi).then().statusCode(200).body("balance", equalTo(0));
    }

    @Test
    void accountWithoutPointsIsStillReported() throws Exception {
        String poco = unique("P");

        migrate(poco);

        JsonNode report = awaitReport(poco, 1).get(0);
        assertThat(report.get("miPointsCredited").asLong(), equalTo(0L));
        assertThat(report.get("late").asBoolean(), equalTo(false));
    }

    @Test
    void pocoAccountsMigratedToOneMiAccountShareItsLedger() throws Exception {
        String first = unique("P");
        String second = unique("P");
        importPoints(entry(first, 100, null), entry(second, 40, null));
        String mi = unique("M");
        for (String poco : List.of(second, first)) {
            publish(CloudEventRecords.of(EventType.ACCOUNT_MIGRATED, UUID.randomUUID().toString(), poco,
                    MigrationEvents.accountMigrated(poco, mi)));
        }
        awaitReport(first, 1);
        awaitReport(second, 1);

        given().get("/api/loyalty/accounts/mi/" + mi).then().statusCode(200)
                .body("pocoAccountIds", contains(Stream.of(first, second).sorted().toArray()))
                .body("balance", equalTo(140))
                .body("entries.pocoAccountId", containsInAnyOrder(first, second))
                .body("entries.fromPoco", everyItem(equalTo(true)));
        given().get("/api/loyalty/accounts/mi/" + unique("M")).then().statusCode(404)
                .contentType("application/problem+json");
    }

    @Test
    void pointsImportedAfterTheMigrationAreConvertedThenAndReported() throws Exception {
        String poco = unique("P");
        importPoints(entry(poco, 100, null));
        String mi = migrate(poco);
        awaitReport(poco, 1);

        importPoints(entry(poco, 50, FUTURE));

        List<JsonNode> reports = awaitReport(poco, 2);
        assertThat(reports.get(1).get("late").asBoolean(), equalTo(true));
        assertThat(reports.get(1).get("miPointsCredited").asLong(), equalTo(50L));
        given().get("/api/loyalty/accounts/mi/" + mi).then().body("balance", equalTo(150)).body("entries", hasSize(2));
    }

    @Test
    void sameAccountMigratedTwiceCreditsOnceAlsoOnAnotherPartition() throws Exception {
        String poco = unique("P");
        importPoints(entry(poco, 70, null));
        String mi = unique("M");
        String eventId = UUID.randomUUID().toString();
        String payload = MigrationEvents.accountMigrated(poco, mi);

        // As after a rebalance: the same event at another partition and offset, and a re-publication
        // of the migration under a new event id.
        List<RecordMetadata> written = List.of(
                publish(new ProducerRecord<>(EventType.ACCOUNT_MIGRATED.topic(), 0, poco, payload,
                        CloudEventRecords.of(EventType.ACCOUNT_MIGRATED, eventId, poco, payload).headers())),
                publish(new ProducerRecord<>(EventType.ACCOUNT_MIGRATED.topic(), 1, poco, payload,
                        CloudEventRecords.of(EventType.ACCOUNT_MIGRATED, eventId, poco, payload).headers())),
                publish(CloudEventRecords.of(EventType.ACCOUNT_MIGRATED, UUID.randomUUID().toString(), poco, payload)));

        written.forEach(record -> MigrationEvents.awaitConsumed(kafka, "loyalty-service", record));
        await().atMost(ASYNC).until(() -> reportsOf(poco).size() >= 1);
        given().get("/api/loyalty/accounts/mi/" + mi).then().body("balance", equalTo(70)).body("entries", hasSize(1));
        given().get("/api/loyalty/accounts/poco/" + poco).then().body("conversions", hasSize(1));
        assertThat(reportsOf(poco), hasSize(1));
    }

    @Test
    void pointsConvertedIsACloudEventKeyedByTheAccountThatConformsToItsSchema() {
        String poco = unique("P");
        importPoints(entry(poco, 10, null));

        migrate(poco);

        await().atMost(ASYNC).until(() -> !CloudEventRecords.withKey(reports.getRecords(), poco).isEmpty());
        ConsumerRecord<String, String> event = CloudEventRecords.withKey(reports.getRecords(), poco).get(0);
        assertThat(CloudEventRecords.header(event, CloudEvents.TYPE).orElseThrow(), equalTo(EventType.POINTS_CONVERTED.type()));
        assertThat(CloudEventRecords.header(event, CloudEvents.SOURCE).orElseThrow(), equalTo("/poco-migration/loyalty-service"));
        assertThat(EventSchemas.violations(EventType.POINTS_CONVERTED, event.value()), empty());
    }

    @Test
    void malformedEventGoesToTheDeadLetterTopicAndTheNextOneOnThePartitionIsProcessed() throws Exception {
        ConsumerTask<String, String> dlq = kafka.consumeStrings().fromTopics("account-migrated.loyalty-service.dlq");
        String key = unique("P");
        String next = unique("P");
        var headers = CloudEventRecords.of(EventType.ACCOUNT_MIGRATED, UUID.randomUUID().toString(), key, "").headers();

        publish(new ProducerRecord<>(EventType.ACCOUNT_MIGRATED.topic(), 2, key, "{not json", headers));
        publish(new ProducerRecord<>(EventType.ACCOUNT_MIGRATED.topic(), 2, key, "{\"pocoAccountId\":\"" + key + "\"}",
                CloudEventRecords.of(EventType.ACCOUNT_MIGRATED, UUID.randomUUID().toString(), key, "").headers()));
        publish(new ProducerRecord<>(EventType.ACCOUNT_MIGRATED.topic(), 2, key, MigrationEvents.accountMigrated(key, "M1"),
                CloudEventRecords.withHeaders("x", key, "", java.util.Map.of(CloudEvents.ID, UUID.randomUUID().toString(),
                        CloudEvents.TYPE, "com.mi.poco.account.deleted.v9")).headers()));
        publish(new ProducerRecord<>(EventType.ACCOUNT_MIGRATED.topic(), 2, next, MigrationEvents.accountMigrated(next, unique("M")),
                CloudEventRecords.of(EventType.ACCOUNT_MIGRATED, UUID.randomUUID().toString(), next, "").headers()));

        awaitReport(next, 1);
        await().atMost(ASYNC).until(() -> CloudEventRecords.withKey(dlq.getRecords(), key).size() == 3);
        dlq.stop();
    }

    @Test
    void reconciliationAgrees() {
        String poco = unique("P");
        importPoints(entry(poco, 33, null));
        migrate(poco);
        await().atMost(ASYNC).until(() -> !CloudEventRecords.withKey(reports.getRecords(), poco).isEmpty());

        var totals = given().get("/api/loyalty/reconciliation").then().statusCode(200)
                .body("basis", equalTo("totals"))
                .body("agree", equalTo(true))
                .extract().jsonPath();
        assertThat(totals.getLong("balanceOfConversions"), equalTo(totals.getLong("balanceOfSettledEntries")));
        given().get("/api/loyalty/reconciliation?audit=true").then().statusCode(200)
                .body("basis", equalTo("audit"))
                .body("agree", equalTo(true))
                .body("conversionsNotMatchingTheirEntries", equalTo(0))
                .body("totalsMatchRecount", equalTo(true));
        given().get("/api/loyalty/reconciliation?audit=TRUE").then().statusCode(200).body("basis", equalTo("audit"));
        given().get("/api/loyalty/reconciliation?audit=yes").then().statusCode(400)
                .contentType("application/problem+json")
                .body("type", endsWith("/invalid-parameter"));
    }

    @Test
    void badLinesAreRejectedWithTheirReason() {
        String expiresBeforeItIsEarned = """
                {"entryId":"%s","pocoAccountId":"P1","delta":5,"reason":"ORDER","at":"2024-05-01T00:00:00Z",\
                "expiresAt":"2024-01-01T00:00:00Z"}""".formatted(unique("E"));
        String fractionalDelta = """
                {"entryId":"%s","pocoAccountId":"P1","delta":1.5,"reason":"ORDER","at":"2024-05-01T00:00:00Z"}"""
                .formatted(unique("E"));

        String billionsOfPoints = entry("P1", PointsLine.MAX_DELTA + 1, null);
        String billionsRedeemed = entry("P1", -PointsLine.MAX_DELTA - 1, null);
        String asManyAsCanBe = entry(unique("P"), PointsLine.MAX_DELTA, null);

        postNdjson("/api/loyalty/imports/points", ndjson(expiresBeforeItIsEarned, fractionalDelta, billionsOfPoints,
                billionsRedeemed, asManyAsCanBe)).statusCode(200)
                .body("accepted", equalTo(1))
                .body("rejected", equalTo(4))
                .body("rejections[0].reason", containsString("expiresAt is before at"))
                .body("rejections[1].reason", containsString("delta"))
                .body("rejections[2].reason", equalTo("delta: must be less than or equal to 1000000000"))
                .body("rejections[3].reason", equalTo("delta: must be greater than or equal to -1000000000"));
        given().get("/api/loyalty/accounts/poco/" + unique("nobody")).then().statusCode(404)
                .contentType("application/problem+json");
    }

    static String entry(String poco, long delta, String expiresAt) {
        return """
                {"entryId":"%s","pocoAccountId":"%s","delta":%d,"reason":"ORDER","at":"2024-05-01T09:30:00Z"%s}"""
                .formatted(unique("E"), poco, delta, expiresAt == null ? "" : ",\"expiresAt\":\"" + expiresAt + "\"");
    }


    private void importPoints(String... lines) {
        postNdjson("/api/loyalty/imports/points", ndjson(lines)).statusCode(200).body("rejected", equalTo(0));
    }

    private String migrate(String poco) {
        return MigrationEvents.migrate(kafka, poco);
    }

    private RecordMetadata publish(ProducerRecord<String, String> record) {
        return MigrationEvents.publish(kafka, record);
    }

    private List<JsonNode> awaitReport(String poco, int count) {
        return MigrationEvents.awaitReports(reports, poco, count);
    }

    private List<JsonNode> reportsOf(String poco) {
        return MigrationEvents.reportsOf(reports, poco);
    }
}
