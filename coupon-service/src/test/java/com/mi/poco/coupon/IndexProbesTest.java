package com.mi.poco.coupon;

import static com.mi.poco.testing.Api.ASYNC;
import static com.mi.poco.testing.Api.ndjson;
import static com.mi.poco.testing.Api.postNdjson;
import static com.mi.poco.testing.Api.unique;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

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

/** Every per-account and per-code read of coupon-service is an index probe, whatever the tables' size. */
@QuarkusTest
@TestProfile(IndexProbeProfile.class)
class IndexProbesTest {

    @InjectKafkaCompanion
    KafkaCompanion kafka;

    @Test
    void everyPerAccountAndPerCodeReadIsAnIndexProbe() throws Exception {
        ReissuedCoupon coupon = ReissuedCoupon.make(kafka);
        String mi = coupon.mi();
        String legacy = coupon.legacyCode();
        String code = coupon.miCode();
        String holder = Tokens.bearer(Tokens.customer(mi));

        RecordedStatements.clear();
        given().header("Authorization", holder).get("/api/coupons/mi/" + mi).then().statusCode(200);
        given().header("Authorization", holder).get("/api/coupons/legacy/" + legacy).then().statusCode(200);
        given().header("Authorization", holder).get("/api/coupons/mi/" + mi + "/legacy").then().statusCode(200);
        given().header("Authorization", holder).get("/api/coupons/mi/" + mi + "/poco-data").then().statusCode(200);
        given().header("Authorization", holder).contentType("application/json")
                .body("{\"code\":\"" + code + "\",\"orderId\":\"" + unique("O") + "\"}").post("/api/coupons/redeem")
                .then().statusCode(200);

        IndexProbes.assertEveryRecordedReadIsAProbe();
    }
}
