package com.mi.poco.coupon;

import static com.mi.poco.testing.Api.ASYNC;
import static com.mi.poco.testing.Api.ndjson;
import static com.mi.poco.testing.Api.postNdjson;
import static com.mi.poco.testing.Api.unique;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import com.mi.poco.coupon.service.CouponCodes;
import com.mi.poco.events.EventType;
import com.mi.poco.testing.CloudEventRecords;
import com.mi.poco.testing.MigrationEvents;
import com.mi.poco.testing.InjectKafkaCompanion;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import jakarta.inject.Inject;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** New codes are unique and new; a Mi coupon is redeemed once, whatever the concurrency. */
@QuarkusTest
class CouponCodesAndRedemptionTest {

    private static final int CODES = 100_000;
    private static final int ATTEMPTS = 20;

    @Inject
    CouponCodes codes;

    @InjectKafkaCompanion
    KafkaCompanion kafka;

    @Test
    void hundredThousandGeneratedCodesAreUniqueAndNoneIsALegacyCode() {
        String legacyLines = IntStream.range(0, 1_000)
                .mapToObj(i -> CouponReissueTest.amount(unique("POCO"), "P-codes", "ACTIVE", "2025-03-31T23:59:59Z"))
                .collect(Collectors.joining("\n"));
        postNdjson("/api/coupons/imports/coupons", legacyLines).statusCode(200).body("accepted", equalTo(1_000));
        Set<String> legacy = new HashSet<>(QuarkusTransaction.requiringNew().call(() ->
                PocoCoupon.<PocoCoupon>listAll().stream().map(c -> c.code).toList()));

        Set<String> generated = IntStream.range(0, CODES).mapToObj(i -> codes.next()).collect(Collectors.toSet());

        assertThat(generated, hasSize(CODES));
        generated.retainAll(legacy);
        assertThat(generated, hasSize(0));
    }

    @Test
    void concurrentRedemptionsOfOneCouponSucceedExactlyOnce() throws Exception {
        String code = reissuedCode();
        long redeemedBefore = given().get("/api/coupons/summary").then().extract().jsonPath().getLong("miCouponsRedeemed");
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(ATTEMPTS);
        Callable<Integer> attempt = () -> {
            start.await();
            return given().contentType("application/json")
                    .body(Map.of("code", code, "orderId", UUID.randomUUID().toString()))
                    .when().post("/api/coupons/redeem")
                    .then().extract().statusCode();
        };
        List<Future<Integer>> results = IntStream.range(0, ATTEMPTS).mapToObj(i -> pool.submit(attempt)).toList();
        start.countDown();
        Map<Integer, Long> statuses = results.stream().map(f -> {
            try {
                return f.get();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }).collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
        pool.shutdown();

        assertThat(statuses, equalTo(Map.of(200, 1L, 409, (long) ATTEMPTS - 1)));
        // the summary's kept counts saw the one redemption, and a recount of every row finds the same
        assertThat(given().get("/api/coupons/summary").then().body("basis", equalTo("totals"))
                .extract().jsonPath().getLong("miCouponsRedeemed"), equalTo(redeemedBefore + 1));
        given().get("/api/coupons/summary?audit=true").then().statusCode(200)
                .body("basis", equalTo("audit"))
                .body("countsMatchRecount", equalTo(true));
        Response refused = given().contentType("application/json").body(Map.of("code", code))
                .when().post("/api/coupons/redeem");
        assertThat(refused.contentType(), equalTo("application/problem+json"));
        assertThat(refused.path("type").toString().endsWith("coupon-already-redeemed"), equalTo(true));
        given().contentType("application/json").body(Map.of("code", "MI-NONE-NONE-NONE"))
                .when().post("/api/coupons/redeem").then().statusCode(404);
        given().contentType("application/json").body(Map.of("orderId", "O1"))
                .when().post("/api/coupons/redeem").then().statusCode(400).contentType("application/problem+json");
    }

    private String reissuedCode() {
        String poco = unique("P");
        String mi = unique("M");
        postNdjson("/api/coupons/imports/coupons", ndjson(CouponReissueTest.amount(unique("POCO"), poco, "ACTIVE",
                "2099-01-01T00:00:00Z"))).statusCode(200);
        kafka.produceStrings().fromRecords(CloudEventRecords.of(EventType.ACCOUNT_MIGRATED, UUID.randomUUID().toString(),
                poco, MigrationEvents.accountMigrated(poco, mi))).awaitCompletion();
        await().atMost(ASYNC).untilAsserted(() -> given().get("/api/coupons/mi/" + mi).then().body("", hasSize(1)));
        return given().get("/api/coupons/mi/" + mi).then().extract().path("[0].code");
    }
}
