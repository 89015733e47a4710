package com.mi.poco.coupon;

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
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import com.fasterxml.jackson.databind.JsonNode;
import com.mi.poco.events.CloudEvents;
import com.mi.poco.events.EventSchemas;
import com.mi.poco.events.EventType;
import com.mi.poco.testing.CloudEventRecords;
import com.mi.poco.testing.InjectKafkaCompanion;
import com.mi.poco.testing.MigrationEvents;
import com.mi.poco.testing.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.reactive.messaging.kafka.companion.ConsumerTask;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** docs/domain.md's coupon rules, each with a real account-migrated through the real broker. */
@QuarkusTest
class CouponReissueTest {

    /** The reissue date is 2024-12-12: valid after it, expired before it. */
    private static final String VALID = "2025-03-31T23:59:59Z";
    private static final String EXPIRED = "2024-12-01T00:00:00Z";

    @InjectKafkaCompanion
    KafkaCompanion kafka;

    private ConsumerTask<String, String> reports;

    @BeforeEach
    void listen() {
        reports = kafka.consumeStrings().fromTopics(EventType.COUPON_REISSUED.topic());
    }

    @AfterEach
    void stopListening() {
        reports.stop();
    }

    @Test
    void activeUnexpiredCouponIsReissuedWithANewCodeAndItsTermsKept() {
        String poco = unique("P");
        String code = unique("POCO");
        importCoupons(amount(code, poco, "ACTIVE", VALID));

        String mi = migrate(poco);

        JsonNode outcome = awaitReport(poco, 1).get(0).get("coupons").get(0);
        assertThat(outcome.get("decision").asText(), equalTo("REISSUED"));
        given().get("/api/coupons/mi/" + mi).then().statusCode(200)
                .body("", hasSize(1))
                .body("[0].legacyCode", equalTo(code))
                .body("[0].code", matchesPattern("MI-[2-9A-HJKMNP-TV-Z]{4}-[2-9A-HJKMNP-TV-Z]{4}-[2-9A-HJKMNP-TV-Z]{4}"))
                .body("[0].code", not(equalTo(code)))
                .body("[0].kind", equalTo("AMOUNT"))
                .body("[0].value", equalTo(10.0f))
                .body("[0].currency", equalTo("GBP"))
                .body("[0].minSpend", equalTo(100.0f))
                .body("[0].expiresAt", equalTo(VALID))
                .body("[0].status", equalTo("ACTIVE"));
        given().get("/api/coupons/legacy/" + code).then().statusCode(200)
                .body("decision", equalTo("REISSUED"))
                .body("miCouponId", equalTo(outcome.get("miCouponId").asText()));
    }

    @Test
    void expiredCouponIsNotReissued() {
        assertDecision("ACTIVE", EXPIRED, "EXPIRED");
    }

    @Test
    void redeemedCouponIsNotReissued() {
        assertDecision("REDEEMED", VALID, "REDEEMED");
    }

    @Test
    void revokedCouponIsNotReissued() {
        assertDecision("REVOKED", VALID, "REVOKED");
    }

    @Test
    void percentCouponKeepsNoCurrency() {
        String poco = unique("P");
        importCoupons(percent(unique("POCO"), poco, 15));

        String mi = migrate(poco);

        awaitReport(poco, 1);
        given().get("/api/coupons/mi/" + mi).then()
                .body("[0].kind", equalTo("PERCENT"))
                .body("[0].value", equalTo(15.0f))
                .body("[0].currency", nullValue());
    }

    @Test
    void sameAccountMigratedTwiceReissuesOnce() {
        String poco = unique("P");
        importCoupons(amount(unique("POCO"), poco, "ACTIVE", VALID));
        String mi = unique("M");
        String payload = MigrationEvents.accountMigrated(poco, mi);
        String eventId = UUID.randomUUID().toString();

        publish(CloudEventRecords.of(EventType.ACCOUNT_MIGRATED, eventId, poco, payload));
        publish(CloudEventRecords.of(EventType.ACCOUNT_MIGRATED, eventId, poco, payload));
        RecordMetadata last = MigrationEvents.publish(kafka,
                CloudEventRecords.of(EventType.ACCOUNT_MIGRATED, UUID.randomUUID().toString(), poco, payload));

        // all three processed (the group committed past the last), whatever batches they came in
        MigrationEvents.awaitConsumed(kafka, "coupon-service", last);
        await().atMost(ASYNC).until(() -> !reportsOf(poco).isEmpty());
        given().get("/api/coupons/mi/" + mi).then().body("", hasSize(1));
        assertThat(reportsOf(poco), hasSize(1));
    }

    @Test
    void couponImportedAfterTheMigrationIsDecidedThenAndReported() {
        String poco = unique("P");
        String mi = migrate(poco);
        awaitReport(poco, 1);

        importCoupons(amount(unique("POCO"), poco, "ACTIVE", VALID), amount(unique("POCO"), poco, "REVOKED", VALID));

        JsonNode late = awaitReport(poco, 2).get(1);
        assertThat(late.get("late").asBoolean(), equalTo(true));
        assertThat(late.get("coupons").size(), equalTo(2));
        given().get("/api/coupons/mi/" + mi).then().body("", hasSize(1));
    }

    @Test
    void accountWithoutCouponsIsStillReported() {
        String poco = unique("P");

        migrate(poco);

        JsonNode report = awaitReport(poco, 1).get(0);
        assertThat(report.get("coupons").size(), equalTo(0));
        assertThat(report.get("late").asBoolean(), equalTo(false));
    }

    @Test
    void couponReissuedIsACloudEventThatConformsToItsSchemaAndCarriesNoNewCode() {
        String poco = unique("P");
        importCoupons(amount(unique("POCO"), poco, "ACTIVE", VALID), amount(unique("POCO"), poco, "ACTIVE", EXPIRED));
        String mi = migrate(poco);

        await().atMost(ASYNC).until(() -> !CloudEventRecords.withKey(reports.getRecords(), poco).isEmpty());
        ConsumerRecord<String, String> event = CloudEventRecords.withKey(reports.getRecords(), poco).get(0);
        assertThat(CloudEventRecords.header(event, CloudEvents.TYPE).orElseThrow(), equalTo(EventType.COUPON_REISSUED.type()));
        assertThat(EventSchemas.violations(EventType.COUPON_REISSUED, event.value()), empty());
        String newCode = given().get("/api/coupons/mi/" + mi).then().extract().path("[0].code");
        assertThat("the new code is a bearer secret", event.value(), not(containsString(newCode)));
    }

    @Test
    void malformedEventGoesToTheDeadLetterTopicAndTheNextOneIsProcessed() {
        ConsumerTask<String, String> dlq = kafka.consumeStrings().fromTopics("account-migrated.coupon-service.dlq");
        String key = unique("P");
        String next = unique("P");
        var headers = CloudEventRecords.of(EventType.ACCOUNT_MIGRATED, UUID.randomUUID().toString(), key, "").headers();

        publish(new ProducerRecord<>(EventType.ACCOUNT_MIGRATED.topic(), 1, key, "{not json", headers));
        publish(new ProducerRecord<>(EventType.ACCOUNT_MIGRATED.topic(), 1, next, MigrationEvents.accountMigrated(next, unique("M")),
                CloudEventRecords.of(EventType.ACCOUNT_MIGRATED, UUID.randomUUID().toString(), next, "").headers()));

        awaitReport(next, 1);
        await().atMost(ASYNC).until(() -> CloudEventRecords.withKey(dlq.getRecords(), key).size() == 1);
        dlq.stop();
    }

    @Test
    void impossibleCouponsAreRejected() {
        String percentWithCurrency = """
                {"code":"%s","pocoAccountId":"P1","kind":"PERCENT","value":"10","currency":"GBP","issuedAt":"2024-11-01T00:00:00Z",\
                "expiresAt":"%s","status":"ACTIVE"}""".formatted(unique("POCO"), VALID);
        String unknownStatus = amount(unique("POCO"), "P1", "LOST", VALID);

        postNdjson("/api/coupons/imports/coupons", ndjson(percentWithCurrency, unknownStatus, percent(unique("POCO"), "P1", 150)))
                .statusCode(200)
                .body("rejected", equalTo(3))
                .body("rejections[0].reason", containsString("PERCENT"))
                .body("rejections[1].reason", containsString("status"))
                .body("rejections[2].reason", containsString("PERCENT"));
        given().get("/api/coupons/legacy/" + unique("POCO")).then().statusCode(404).contentType("application/problem+json");
        given().get("/api/coupons/mi/" + unique("M") + "/poco-data").then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    void aCouponWhoseAccountIsNotMigratedYetIsUndecidedToOpsAndNoCustomersToRead() {
        String code = unique("POCO");
        importCoupons(amount(code, unique("P"), "ACTIVE", VALID));

        given().get("/api/coupons/legacy/" + code).then().statusCode(200)
                .body("legacyCode", equalTo(code)).body("legacyStatus", equalTo("ACTIVE"))
                .body("decided", equalTo(false)).body("decision", nullValue()).body("miCouponId", nullValue());
        // no customer holds it until its account is migrated to one: the same 404 as for a code that never existed
        given().header("Authorization", Tokens.bearer(Tokens.customer(unique("M")))).get("/api/coupons/legacy/" + code)
                .then().statusCode(404).contentType("application/problem+json");
    }

    private void assertDecision(String status, String expiresAt, String decision) {
        String poco = unique("P");
        String code = unique("POCO");
        importCoupons(amount(code, poco, status, expiresAt));

        String mi = migrate(poco);

        JsonNode outcome = awaitReport(poco, 1).get(0).get("coupons").get(0);
        assertThat(outcome.get("decision").asText(), equalTo(decision));
        assertThat(outcome.get("miCouponId").isNull(), equalTo(true));
        given().get("/api/coupons/mi/" + mi).then().statusCode(200).body("", hasSize(0));
        given().get("/api/coupons/legacy/" + code).then().body("decision", equalTo(decision));
        given().get("/api/coupons/mi/" + mi + "/poco-data").then().statusCode(200)
                .body("coupons", hasSize(0)).body("pocoCoupons.decision", contains(decision));
    }

    static String amount(String code, String poco, String status, String expiresAt) {
        return """
                {"code":"%s","pocoAccountId":"%s","kind":"AMOUNT","value":"10.00","currency":"GBP","minSpend":"100.00",\
                "issuedAt":"2024-11-01T00:00:00Z","expiresAt":"%s","status":"%s"}""".formatted(code, poco, expiresAt, status);
    }

    static String percent(String code, String poco, int value) {
        return """
                {"code":"%s","pocoAccountId":"%s","kind":"PERCENT","value":"%d","issuedAt":"2024-11-01T00:00:00Z",\
                "expiresAt":"%s","status":"ACTIVE"}""".formatted(code, poco, value, VALID);
    }


    private void importCoupons(String... lines) {
        postNdjson("/api/coupons/imports/coupons", ndjson(lines)).statusCode(200).body("rejected", equalTo(0));
    }

    private String migrate(String poco) {
        return MigrationEvents.migrate(kafka, poco);
    }

    private void publish(ProducerRecord<String, String> record) {
        MigrationEvents.publish(kafka, record);
    }

    private List<JsonNode> awaitReport(String poco, int count) {
        return MigrationEvents.awaitReports(reports, poco, count);
    }

    private List<JsonNode> reportsOf(String poco) {
        return MigrationEvents.reportsOf(reports, poco);
    }
}
