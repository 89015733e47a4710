package com.mi.poco.loyalty;

import static com.mi.poco.testing.Api.ASYNC;
import static com.mi.poco.testing.Api.ndjson;
import static com.mi.poco.testing.Api.postNdjson;
import static com.mi.poco.testing.Api.unique;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import com.mi.poco.testing.IndexProbeProfile;
import com.mi.poco.testing.IndexProbes;
import com.mi.poco.testing.InjectKafkaCompanion;
import com.mi.poco.testing.MigrationEvents;
import com.mi.poco.testing.RecordedStatements;
import com.mi.poco.testing.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import org.junit.jupiter.api.Test;

/** Every per-account read of loyalty-service is an index probe, whatever the tables' size. */
@QuarkusTest
@TestProfile(IndexProbeProfile.class)
class IndexProbesTest {

    @InjectKafkaCompanion
    KafkaCompanion kafka;

    @Test
    void everyPerAccountReadIsAnIndexProbe() throws Exception {
        String poco = unique("P");
        postNdjson("/api/loyalty/imports/points", ndjson("""
                {"entryId":"%s","pocoAccountId":"%s","delta":300,"reason":"ORDER","at":"2024-05-01T09:30:00Z"}"""
                .formatted(unique("E"), poco))).statusCode(200).body("accepted", equalTo(1));
        String mi = MigrationEvents.migrate(kafka, poco);
        await().atMost(ASYNC).untilAsserted(() -> given().get("/api/loyalty/accounts/mi/" + mi).then().statusCode(200));

        RecordedStatements.clear();
        given().header("Authorization", Tokens.bearer(Tokens.customer(mi))).get("/api/loyalty/accounts/mi/" + mi)
                .then().statusCode(200);
        given().get("/api/loyalty/accounts/poco/" + poco).then().statusCode(200);

        IndexProbes.assertEveryRecordedReadIsAProbe();
    }
}
