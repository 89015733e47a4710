package com.mi.poco.loyalty;

import static com.mi.poco.testing.Api.ASYNC;
import static com.mi.poco.testing.Api.ndjson;
import static com.mi.poco.testing.Api.postNdjson;
import static com.mi.poco.testing.Api.unique;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import com.mi.poco.events.EventType;
import com.mi.poco.testing.CloudEventRecords;
import com.mi.poco.testing.MigrationEvents;
import com.mi.poco.testing.InjectKafkaCompanion;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** A rate that gives fractions: rounded down, the remainder recorded, and the books still balance. */
@QuarkusTest
@TestProfile(FractionalRateTest.ThreeQuarters.class)
class FractionalRateTest {

    public static class ThreeQuarters implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("loyalty.rate", "0.75");
        }
    }

    @InjectKafkaCompanion
    KafkaCompanion kafka;

    @Test
    void rateWithFractionsRoundsDownAndRecordsTheRemainder() {
        String poco = unique("P");
        String mi = unique("M");
        postNdjson("/api/loyalty/imports/points", ndjson(PointsConversionTest.entry(poco, 7, null))).statusCode(200);

        kafka.produceStrings().fromRecords(CloudEventRecords.of(EventType.ACCOUNT_MIGRATED, UUID.randomUUID().toString(),
                poco, MigrationEvents.accountMigrated(poco, mi))).awaitCompletion();

        await().atMost(ASYNC).untilAsserted(() -> given().get("/api/loyalty/accounts/poco/" + poco).then()
                .body("conversions", hasSize(1))
                .body("conversions[0].pocoPointsConverted", equalTo(7))
                .body("conversions[0].miPointsCredited", equalTo(5))
                .body("conversions[0].remainder", equalTo(0.25f)));
        given().get("/api/loyalty/accounts/mi/" + mi).then().body("balance", equalTo(5));
        given().get("/api/loyalty/reconciliation").then().body("agree", equalTo(true));
    }
}
