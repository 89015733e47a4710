package com.mi.poco.gateway;

import static com.mi.poco.testing.AccessMatrix.Endpoint.ops;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.lessThanOrEqualTo;

import com.mi.poco.testing.AccessMatrix;
import com.mi.poco.testing.Management;
import com.mi.poco.testing.Ports;
import com.mi.poco.testing.Tokens;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import io.vertx.core.Vertx;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The gateway's own checks: ops-only admin endpoints, a bad token stopped at the door, the caller's
 * token passed on as sent, and the abuse limits (low here, to be reached quickly). The services are
 * stand-ins: a coupon-service that knows no code (404), and an echo of the Authorization header.
 */
@QuarkusTest
@TestProfile(GatewaySecurityTest.LowLimits.class)
@org.junit.jupiter.api.TestMethodOrder(org.junit.jupiter.api.MethodOrderer.OrderAnnotation.class)
class GatewaySecurityTest {

    static final int UPSTREAM = Ports.free();
    static final int COUPON_LOOKUPS = 10;
    static final int ANONYMOUS = 60; // above what the other tests spend without a verifying token
    private static Vertx vertx;

    public static class LowLimits implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("gateway.services.coupons", "http://127.0.0.1:" + UPSTREAM,
                    "gateway.services.catalog", "http://127.0.0.1:" + UPSTREAM,
                    "gateway.rate-limit.coupon-lookups", String.valueOf(COUPON_LOOKUPS),
                    "gateway.rate-limit.anonymous", String.valueOf(ANONYMOUS),
                    // a window longer than the test: no window ends in the middle of it
                    "gateway.rate-limit.window", "30m");
        }
    }

    @TestHTTPResource("/")
    URI base;

    @BeforeAll
    static void upstream() throws Exception {
        vertx = Vertx.vertx();
        vertx.createHttpServer().requestHandler(request -> {
            if (request.path().startsWith("/api/coupons/legacy/")) {
                request.response().setStatusCode(404).putHeader("Content-Type", "application/problem+json")
                        .end("{\"status\":404,\"title\":\"Not found\"}");
            } else {
                request.response().putHeader("Content-Type", "text/plain")
                        .end(String.valueOf(request.getHeader("Authorization")));
            }
        }).listen(UPSTREAM, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @AfterAll
    static void stop() {
        vertx.close();
    }

    @Test
    void adminEndpointsAreForOpsOnly() {
        AccessMatrix.check(base, List.of(
                ops("GET", "/admin/redirects/rules"),
                ops("GET", "/admin/redirects/unmatched"),
                ops("GET", "/admin/redirects/hits"),
                ops("GET", "/admin/redirects/check?url=https://po.co/uk/")));
        given().get("/admin/routes/no-such-product").then().statusCode(404);
        given().header("Authorization", Tokens.bearer(Tokens.customer("M1"))).get("/admin/routes/no-such-product")
                .then().statusCode(403);
        // refused as the API refuses: a problem, and the challenge with a 401
        given().noFilters().get("/admin/redirects/rules").then().statusCode(401)
                .header("WWW-Authenticate", equalTo("Bearer"))
                .contentType("application/problem+json").body("type", endsWith("/unauthenticated"));
        given().header("Authorization", Tokens.bearer(Tokens.customer("M1"))).get("/admin/redirects/rules")
                .then().statusCode(403)
                .contentType("application/problem+json").body("type", endsWith("/forbidden"));
    }

    /** The public port answers legacy URLs and the API, not health or metrics: those are on the management port. */
    @Test
    void healthAndMetricsAreNotOnThePublicPort() {
        for (String path : List.of("/q/metrics", "/q/health", "/q/health/ready", "/q/health/live")) {
            given().noFilters().get(path).then().statusCode(404);
        }
        given().noFilters().get(Management.url("/q/health/live")).then().statusCode(200);
    }

    @Test
    void theCallersTokenIsForwardedAsSentAndABadOneStopsHere() {
        String token = Tokens.bearer(Tokens.customer("M-forwarded"));
        given().header("Authorization", token).get("/api/catalog/products")
                .then().statusCode(200).body(equalTo(token));
        given().header("Authorization", Tokens.bearer(Tokens.opsSignedByAnotherKey())).get("/api/catalog/products")
                .then().statusCode(401);
    }

    @Test
    @org.junit.jupiter.api.Order(1) // it counts the address's lookups from the first: before any other test spends them
    void guessingLegacyCouponCodesIsThrottledWhateverTheToken() {
        String stranger = Tokens.bearer(Tokens.customer("M-guesser"));
        List<Response> answers = IntStream.range(0, COUPON_LOOKUPS * 3)
                .mapToObj(i -> given().header("Authorization", stranger).get("/api/coupons/legacy/POCO-GUESS-" + i))
                .toList();

        List<Integer> statuses = answers.stream().map(Response::statusCode).toList();
        assertThat(statuses.subList(0, COUPON_LOOKUPS), everyItem(equalTo(404)));
        assertThat(statuses.subList(COUPON_LOOKUPS, statuses.size()), everyItem(equalTo(429)));
        assertThat(answers.stream().filter(a -> a.statusCode() == 429)
                .map(a -> Integer.parseInt(a.header("Retry-After"))).toList(),
                everyItem(allOf(greaterThanOrEqualTo(1), lessThanOrEqualTo(30 * 60))));
        Response refused = answers.get(answers.size() - 1);
        assertThat(refused.contentType(), equalTo("application/problem+json"));
    }

    @Test
    @org.junit.jupiter.api.Order(2)
    void theLegacyCouponLimitCannotBeSidesteppedByEscapesDotSegmentsOrCase() throws Exception {
        List<String> disguises = List.of("/api/coupons/%6Cegacy/POCO-X", "/api/coupons/x/../legacy/POCO-X",
                "/api/COUPONS/legacy/POCO-X", "/api/coupons/./legacy/POCO-X");
        List<Integer> statuses = new java.util.ArrayList<>();
        for (int i = 0; i < COUPON_LOOKUPS * 3; i++) {
            statuses.add(HTTP.send(HttpRequest.newBuilder(URI.create(base.toString().replaceAll("/$", "")
                            + disguises.get(i % disguises.size()))).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode());
        }
        // the address may have spent some of its lookups in another test already: never more than the limit pass
        assertThat((int) statuses.stream().filter(status -> status != 429).count(), lessThanOrEqualTo(COUPON_LOOKUPS));
        assertThat(statuses.subList(statuses.size() - disguises.size(), statuses.size()), everyItem(equalTo(429)));
    }

    /**
     * The services drop a path segment's {@code ;...} before they match it: {@code /api/coupons/legacy;x/CODE}
     * is a lookup there. So the gateway refuses a {@code ;} in an API path, before any limit counts it or
     * any service is asked, rather than route and count a path the service does not serve. Encoded, it
     * is data.
     */
    @Test
    void aSemicolonInAnApiPathIsRefusedNotForwarded() {
        String customer = Tokens.bearer(Tokens.customer("M-matrix"));
        for (String path : List.of("/api/coupons/legacy;x=1/POCO-X", "/api/coupons/legacy;/POCO-X",
                "/api/coupons/legacy/POCO-X;x", "/api/coupons/x/..;/legacy/POCO-X", "/api/catalog/products;")) {
            given().urlEncodingEnabled(false).header("Authorization", customer).get(path)
                    .then().statusCode(400)
                    .contentType("application/problem+json")
                    .body("type", endsWith("/bad-path"));
        }
        given().urlEncodingEnabled(false).header("Authorization", customer).get("/api/catalog/products%3Bx")
                .then().statusCode(200).body(equalTo(customer));
    }

    @Test
    @org.junit.jupiter.api.Order(org.junit.jupiter.api.Order.DEFAULT + 1) // it exhausts the address's anonymous requests: after the tests that need some
    void unauthenticatedApiTrafficIsThrottledAuthenticatedIsNot() throws Exception {
        // other tests of this class may have spent some of the address's anonymous requests already
        List<Integer> anonymous = new java.util.ArrayList<>();
        for (int i = 0; i < ANONYMOUS + 5; i++) {
            anonymous.add(HTTP.send(HttpRequest.newBuilder(base.resolve("/api/catalog/products")).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode());
        }
        int passed = anonymous.indexOf(429);
        assertThat(passed, allOf(greaterThanOrEqualTo(0), lessThanOrEqualTo(ANONYMOUS)));
        assertThat(anonymous.subList(0, passed), everyItem(equalTo(200)));
        assertThat(anonymous.subList(passed, anonymous.size()), everyItem(equalTo(429)));
        IntStream.range(0, ANONYMOUS + 5).forEach(i -> given().get("/api/catalog/products").then().statusCode(200));
        // any Authorization header at all is no way around it: a token that does not verify is anonymous
        for (String forged : List.of(Tokens.opsSignedByAnotherKey(), Tokens.expiredOps(), Tokens.opsForAnotherAudience(),
                Tokens.opsUnsigned(), Tokens.opsValidForTenYears(), Tokens.opsIssuedTenYearsAhead(), "not-a-token")) {
            int status = HTTP.send(HttpRequest.newBuilder(base.resolve("/api/catalog/products"))
                    .header("Authorization", Tokens.bearer(forged)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
            assertThat(forged, status, equalTo(429));
        }
    }

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static <T> void assertThat(T actual, org.hamcrest.Matcher<? super T> matcher) {
        org.hamcrest.MatcherAssert.assertThat(actual, matcher);
    }

    private static <T> void assertThat(String reason, T actual, org.hamcrest.Matcher<? super T> matcher) {
        org.hamcrest.MatcherAssert.assertThat(reason, actual, matcher);
    }
}
