package com.mi.poco.coupon;

import static com.mi.poco.testing.AccessMatrix.Endpoint.holderOrOps;
import static com.mi.poco.testing.AccessMatrix.Endpoint.ops;
import static com.mi.poco.testing.Api.ASYNC;
import static com.mi.poco.testing.Api.ndjson;
import static com.mi.poco.testing.Api.postNdjson;
import static com.mi.poco.testing.Api.unique;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import com.mi.poco.testing.AccessMatrix;
import com.mi.poco.testing.InjectKafkaCompanion;
import com.mi.poco.testing.MigrationEvents;
import com.mi.poco.testing.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Who may read and redeem coupons (see {@link AccessMatrix}); a legacy code tells a non-holder
 * nothing; an erased account's coupons are shown to nobody, their values kept for the books.
 */
@QuarkusTest
class AccessAndErasureTest {

    @InjectKafkaCompanion
    KafkaCompanion kafka;

    @Test
    void everyEndpointAnswersOnlyTheRightToken() {
        ReissuedCoupon coupon = ReissuedCoupon.make(kafka);
        String redeem = "{\"code\":\"" + coupon.miCode() + "\",\"orderId\":\"" + unique("O") + "\"}";

        AccessMatrix.check(List.of(
                ops("POST", "/api/coupons/imports/coupons", "application/x-ndjson", ""),
                holderOrOps("GET", "/api/coupons/mi/" + coupon.mi(), coupon.mi(), 403),
                holderOrOps("GET", "/api/coupons/mi/" + coupon.mi() + "/legacy", coupon.mi(), 403),
                holderOrOps("GET", "/api/coupons/mi/" + coupon.mi() + "/poco-data", coupon.mi(), 403),
                holderOrOps("GET", "/api/coupons/legacy/" + coupon.legacyCode(), coupon.mi(), 404),
                holderOrOps("POST", "/api/coupons/redeem", coupon.mi(), 404).withBody("application/json", redeem),
                ops("GET", "/api/coupons/summary")));
    }

    @Test
    void onlyTheHolderSeesTheNewCodeOfALegacyCoupon() {
        ReissuedCoupon coupon = ReissuedCoupon.make(kafka);
        String holder = Tokens.bearer(Tokens.customer(coupon.mi()));
        String stranger = Tokens.bearer(Tokens.customer(unique("M")));

        given().header("Authorization", holder).get("/api/coupons/legacy/" + coupon.legacyCode())
                .then().statusCode(200).body("miCode", equalTo(coupon.miCode()));
        given().get("/api/coupons/legacy/" + coupon.legacyCode()) // ops: the decision, not a code to spend
                .then().statusCode(200).body("decision", equalTo("REISSUED")).body("miCode", nullValue());
        // the same for the list of the account's old coupons
        given().header("Authorization", holder).get("/api/coupons/mi/" + coupon.mi() + "/legacy")
                .then().statusCode(200).body("legacyCode", contains(coupon.legacyCode()))
                .body("decision", contains("REISSUED")).body("miCode", contains(coupon.miCode()));
        given().get("/api/coupons/mi/" + coupon.mi() + "/legacy")
                .then().statusCode(200).body("decision", contains("REISSUED")).body(not(containsString("MI-")));
        given().header("Authorization", stranger).get("/api/coupons/mi/" + coupon.mi() + "/legacy")
                .then().statusCode(403).body(not(containsString("MI-")));
        // and for the export's part, both lists in one answer
        given().header("Authorization", holder).get("/api/coupons/mi/" + coupon.mi() + "/poco-data")
                .then().statusCode(200).body("coupons.code", contains(coupon.miCode()))
                .body("pocoCoupons.legacyCode", contains(coupon.legacyCode())).body("pocoCoupons.miCode", contains(coupon.miCode()));
        given().get("/api/coupons/mi/" + coupon.mi() + "/poco-data")
                .then().statusCode(200).body("pocoCoupons.decision", contains("REISSUED"))
                .body("pocoCoupons[0].miCode", nullValue());
        given().header("Authorization", stranger).get("/api/coupons/mi/" + coupon.mi() + "/poco-data")
                .then().statusCode(403).body(not(containsString("MI-")));
        // a stranger guessing: an existing code and a made-up one answer alike, and never with a code
        for (String guess : List.of(coupon.legacyCode(), unique("POCO"))) {
            given().header("Authorization", stranger).get("/api/coupons/legacy/" + guess)
                    .then().statusCode(404).body(not(containsString("MI-")));
        }
        given().header("Authorization", stranger).contentType("application/json")
                .body("{\"code\":\"" + coupon.miCode() + "\"}").post("/api/coupons/redeem")
                .then().statusCode(404);
    }

    @Test
    void anErasedAccountsCouponsAreShownToNobody() {
        ReissuedCoupon coupon = ReissuedCoupon.make(kafka);
        long reissuedBefore = given().get("/api/coupons/summary").then().extract().jsonPath().getLong("reissued");

        MigrationEvents.erase(kafka, coupon.mi(), coupon.poco());

        String holder = Tokens.bearer(Tokens.customer(coupon.mi()));
        await().atMost(ASYNC).untilAsserted(() -> given().header("Authorization", holder)
                .get("/api/coupons/mi/" + coupon.mi()).then().statusCode(404));
        // on every endpoint, to the holder and to ops alike: the legacy lookup and redemption too
        for (String token : List.of(holder, Tokens.bearer(Tokens.ops()))) {
            given().header("Authorization", token).get("/api/coupons/legacy/" + coupon.legacyCode())
                    .then().statusCode(404).body(not(containsString(coupon.miCode())))
                    .body("type", equalTo("https://poco-migration.mi.com/problems/poco-coupon-not-found"));
            given().header("Authorization", token).get("/api/coupons/mi/" + coupon.mi() + "/legacy")
                    .then().statusCode(404).body(not(containsString(coupon.legacyCode())));
            given().header("Authorization", token).get("/api/coupons/mi/" + coupon.mi() + "/poco-data")
                    .then().statusCode(404).body(not(containsString(coupon.legacyCode())));
            given().header("Authorization", token).contentType("application/json")
                    .body("{\"code\":\"" + coupon.miCode() + "\",\"orderId\":\"" + unique("O") + "\"}").post("/api/coupons/redeem")
                    .then().statusCode(404).body("type", containsString("not-found"));
        }
        given().get("/api/coupons/summary").then().body("reissued", equalTo((int) reissuedBefore));
    }
}
