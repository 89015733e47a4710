package com.mi.poco.loyalty;

import static com.mi.poco.testing.AccessMatrix.Endpoint.holderOrOps;
import static com.mi.poco.testing.AccessMatrix.Endpoint.ops;
import static com.mi.poco.testing.Api.ASYNC;
import static com.mi.poco.testing.Api.ndjson;
import static com.mi.poco.testing.Api.postNdjson;
import static com.mi.poco.testing.Api.unique;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import com.mi.poco.testing.AccessMatrix;
import com.mi.poco.testing.InjectKafkaCompanion;
import com.mi.poco.testing.MigrationEvents;
import com.mi.poco.testing.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Who may read points (see {@link AccessMatrix}), and what an erasure leaves: the books, shown to nobody. */
@QuarkusTest
class AccessAndErasureTest {

    @InjectKafkaCompanion
    KafkaCompanion kafka;

    @Test
    void everyEndpointAnswersOnlyTheRightToken() {
        String poco = unique("P");
        String mi = migratedWithPoints(poco, 120);

        AccessMatrix.check(List.of(
                ops("POST", "/api/loyalty/imports/points", "application/x-ndjson", ""),
                holderOrOps("GET", "/api/loyalty/accounts/mi/" + mi, mi, 403),
                ops("GET", "/api/loyalty/accounts/poco/" + poco),
                ops("GET", "/api/loyalty/reconciliation")));
    }

    @Test
    void anErasedAccountIsShownToNobodyAndTheBooksStillAgree() {
        String poco = unique("P");
        String mi = migratedWithPoints(poco, 300);
        Map<String, Object> before = given().get("/api/loyalty/reconciliation").then().statusCode(200)
                .body("agree", equalTo(true)).extract().as(Map.class);

        MigrationEvents.erase(kafka, mi, poco);

        await().atMost(ASYNC).untilAsserted(() -> given().header("Authorization", Tokens.bearer(Tokens.customer(mi)))
                .get("/api/loyalty/accounts/mi/" + mi).then().statusCode(404));
        given().get("/api/loyalty/accounts/poco/" + poco).then().statusCode(404); // the POCO ledger too, even to ops
        given().get("/api/loyalty/reconciliation").then().statusCode(200)
                .body("agree", equalTo(true))
                .body("miPointsCredited", equalTo(before.get("miPointsCredited")));
    }

    private String migratedWithPoints(String poco, int points) {
        postNdjson("/api/loyalty/imports/points", ndjson("""
                {"entryId":"%s","pocoAccountId":"%s","delta":%d,"reason":"ORDER","at":"2024-05-01T09:30:00Z"}"""
                .formatted(unique("E"), poco, points))).statusCode(200).body("accepted", equalTo(1));
        String mi = MigrationEvents.migrate(kafka, poco);
        await().atMost(ASYNC).untilAsserted(() -> given().get("/api/loyalty/accounts/mi/" + mi)
                .then().statusCode(200).body("balance", equalTo(points)));
        return mi;
    }
}
