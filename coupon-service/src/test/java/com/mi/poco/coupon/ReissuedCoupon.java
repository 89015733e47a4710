package com.mi.poco.coupon;

import static com.mi.poco.testing.Api.ASYNC;
import static com.mi.poco.testing.Api.ndjson;
import static com.mi.poco.testing.Api.postNdjson;
import static com.mi.poco.testing.Api.unique;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import com.mi.poco.testing.MigrationEvents;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;

/** A POCO coupon imported, its account migrated, and the Mi coupon it was reissued as: a fixture. */
record ReissuedCoupon(String poco, String mi, String legacyCode, String miCode) {

    static ReissuedCoupon make(KafkaCompanion kafka) {
        String poco = unique("P");
        String legacy = unique("POCO");
        postNdjson("/api/coupons/imports/coupons", ndjson(CouponReissueTest.amount(legacy, poco, "ACTIVE",
                "2099-01-01T00:00:00Z"))).statusCode(200).body("accepted", equalTo(1));
        String mi = MigrationEvents.migrate(kafka, poco);
        await().atMost(ASYNC).untilAsserted(() -> given().get("/api/coupons/mi/" + mi).then().body("", hasSize(1)));
        return new ReissuedCoupon(poco, mi, legacy, given().get("/api/coupons/mi/" + mi).then().extract().path("[0].code"));
    }
}
