package com.mi.poco.gateway;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.matchesPattern;

import com.mi.poco.events.EventType;
import com.mi.poco.gateway.routes.LegacyRouteTable;
import com.mi.poco.gateway.routes.RouteTableLoading;
import com.mi.poco.testing.CloudEventRecords;
import com.mi.poco.testing.InjectKafkaCompanion;
import com.mi.poco.testing.RawHttp;
import com.mi.poco.testing.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.ValidatableResponse;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** docs/contracts.md's redirect contract, row by row, with the route table fed through the real broker. */
@QuarkusTest
class LegacyRedirectTest {

    private static final String MI = "https://www.mi.com";

    @InjectKafkaCompanion
    KafkaCompanion kafka;

    @Inject
    LegacyRouteTable table;

    @Inject
    RouteTableLoading loading;

    @BeforeEach
    void catalog() {
        await().atMost(Duration.ofSeconds(30)).until(loading::loaded);
        if (table.route("poco-m3").isPresent()) {
            return;
        }
        route("poco-x7-pro", "ACTIVE", null, "\"uk\":\"/uk/product/poco-x7-pro/\",\"global\":\"/global/product/poco-x7-pro/\"");
        route("poco-f7", "ACTIVE", null, "\"uk\":\"/uk/product/poco-f7/\",\"global\":\"/global/product/poco-f7/\"");
        route("poco-f6", "DISCONTINUED", "poco-f7", "\"uk\":\"/uk/product/poco-f6/\"");
        route("poco-f5", "DISCONTINUED", "poco-f6", "\"uk\":\"/uk/product/poco-f5/\"");
        route("poco-evil", "ACTIVE", null, "\"uk\":\"//evil.example/\"");
        route("poco-m3", "DISCONTINUED", null, "\"uk\":\"/uk/product/poco-m3/\"");
        await().atMost(Duration.ofSeconds(30)).until(() -> table.route("poco-m3").isPresent());
    }

    @ParameterizedTest(name = "{0} {1}{2} -> {3}")
    @CsvSource({
            "po.co, /, '', https://www.mi.com/global/poco/",
            "po.co, /uk, '', https://www.mi.com/uk/poco/",
            "www.po.co, /FR/, '', https://www.mi.com/fr/poco/",
            "m.po.co, /de, '', https://www.mi.com/de/poco/",
            "po.co, /es/points, '', https://www.mi.com/es/points/",
            "po.co, /it/coupons/, '', https://www.mi.com/it/coupons/",
            "po.co, /uk/account/orders/42, '', https://www.mi.com/uk/account/",
            "po.co, /uk/user, '', https://www.mi.com/uk/account/",
            "po.co, /uk/ORDERS, '', https://www.mi.com/uk/account/",
            "po.co, /uk/app, '', https://www.mi.com/uk/app/",
            "po.co, /uk/anything/else, '', https://www.mi.com/uk/poco/",
            "po.co, /uk/support/warranty/poco-f6, '', https://www.mi.com/uk/support/warranty/poco-f6",
            "po.co, /support, '', https://www.mi.com/global/support/",
            "po.co, /points, '', https://www.mi.com/global/points/",
            "po.co, /in, '', https://www.poco.in/",
            "po.co, /in/product/poco-c75, '', https://www.poco.in/product/poco-c75",
            "po.co, /IN/support/x, '?a=1', https://www.poco.in/support/x?a=1",
            "po.co, /uk/product/poco-x7-pro, '', https://www.mi.com/uk/product/poco-x7-pro/",
            "po.co, /product/poco-x7-pro, '', https://www.mi.com/global/product/poco-x7-pro/",
            "PO.CO, //UK//Product//POCO-X7-PRO//, '', https://www.mi.com/uk/product/poco-x7-pro/",
            "po.co, /uk/product/poco-x7-pro/, '?utm_source=mail&x=%20y', https://www.mi.com/uk/product/poco-x7-pro/?utm_source=mail&x=%20y",
            "po.co, /de/product/poco-x7-pro, '', https://www.mi.com/de/poco/",
            "po.co, /uk/product/poco-f5, '', https://www.mi.com/uk/product/poco-f7/",
            "po.co, /uk/product/no-such-phone, '', https://www.mi.com/uk/poco/",
            "po.co, /uk/product, '', https://www.mi.com/uk/poco/",
    })
    void legacyUrlIsRedirectedInOneHop(String host, String path, String query, String location) {
        legacy("GET", host, path + query)
                .statusCode(301)
                .header("Location", equalTo(location));
    }

    @Test
    void otherMethodsKeepTheirMethodWith308() {
        for (String method : List.of("POST", "PUT", "DELETE", "PATCH")) {
            legacy(method, "po.co", "/uk/coupons").statusCode(308).header("Location", equalTo(MI + "/uk/coupons/"));
        }
        legacy("HEAD", "po.co", "/uk/coupons").statusCode(301);
    }

    @Test
    void fallbackAnswersAreCachedForAnHourOnlySoThatAMappingAddedLaterTakesEffect() {
        legacy("GET", "po.co", "/uk/product/poco-never-heard-of").statusCode(301)
                .header("Location", equalTo(MI + "/uk/poco/")).header("Cache-Control", equalTo("max-age=3600"));
        legacy("GET", "po.co", "/fr/product/poco-x7-pro").statusCode(301)
                .header("Location", equalTo(MI + "/fr/poco/")).header("Cache-Control", equalTo("max-age=3600"));
        legacy("GET", "po.co", "/uk/anything/else").statusCode(301).header("Cache-Control", equalTo("max-age=3600"));
        legacy("GET", "po.co", "/uk/product/poco-x7-pro").statusCode(301)
                .header("Location", equalTo(MI + "/uk/product/poco-x7-pro/")).header("Cache-Control", nullValue());
    }

    @Test
    void theHostIsMatchedWithoutItsPortCaseOrTrailingDot() {
        legacy("GET", "WWW.PO.CO:8443", "/uk").statusCode(301).header("Location", equalTo(MI + "/uk/poco/"));
        legacy("GET", "po.co.", "/uk").statusCode(301).header("Location", equalTo(MI + "/uk/poco/"));
        legacy("GET", "po.co..", "/uk").statusCode(not(301));
    }

    @Test
    void aDiscontinuedProductWithoutSuccessorIsGoneWithALinkToTheRegionsPocoPage() {
        legacy("GET", "po.co", "/uk/product/poco-m3").statusCode(410)
                .contentType(containsString("text/html"))
                .body(containsString("href=\"https://www.mi.com/uk/poco/\""));
    }

    @Test
    void aRouteWhosePathWouldLeaveMiComNeverReachesTheTable() {
        legacy("GET", "po.co", "/uk/product/poco-evil").statusCode(301).header("Location", equalTo(MI + "/uk/poco/"));
    }

    @Test
    void unsafePathsAreRefusedWithAProblem() {
        for (String path : List.of("/uk/support/a%2Fb", "/uk/support/..", "/uk/support/%0d%0aSet-Cookie:x", "/uk/%C3%28",
                "/uk/support/%00")) {
            legacy("GET", "po.co", path).statusCode(400).contentType("application/problem+json");
        }
    }

    /**
     * A Host header that is no host[:port] is refused by the router before any route: a 400 problem like
     * any other bad request, not Quarkus' error page (which read "500 - Internal Server Error").
     */
    @Test
    void aHostHeaderThatIsNoHostIsA400Problem() throws IOException {
        for (String host : List.of("po.co:abc", "po.co:80@evil.example", "po co", "[::1", "po.co:99999999")) {
            String response = raw("GET", host, "/uk/");
            assertThat(host + " -> " + response, RawHttp.status(response), equalTo(400));
            assertThat(host + " -> " + response, response, containsString("application/problem+json"));
            assertThat(host + " -> " + response, response, containsString("/problems/bad-host"));
            assertThat(host + " -> " + response, response, not(containsString("500")));
        }
    }

    /**
     * Two Host headers are refused (RFC 9112, 3.2), whichever comes first: a proxy in front that takes
     * the last would have routed or cached the answer by another host than the one redirected.
     */
    @Test
    void twoHostHeadersAreA400Problem() throws IOException {
        for (String[] hosts : List.of(new String[] {"po.co", "evil.example"}, new String[] {"evil.example", "po.co"},
                new String[] {"po.co", "po.co"})) {
            String response = RawHttp.exchange(RestAssured.port, "GET", "/uk/", hosts);
            assertThat(List.of(hosts) + " -> " + response, RawHttp.status(response), equalTo(400));
            assertThat(List.of(hosts) + " -> " + response, response, containsString("/problems/bad-host"));
            assertThat(List.of(hosts) + " -> " + response, response.toLowerCase(Locale.ROOT), not(containsString("location:")));
        }
        assertThat(RawHttp.status(raw("GET", "po.co", "/uk/")), equalTo(301));
    }

    /**
     * A request line of another HTTP version than 1.0 and 1.1 is a 505 problem, neither redirected nor
     * forwarded: the gateway had redirected {@code GET /uk/ HTTP/9.9} with a status line {@code HTTP/9.9 301}.
     */
    @Test
    void aRequestLineOfAnotherHttpVersionIsA505ProblemNotARedirect() throws IOException {
        for (String target : List.of("/uk/", "/api/accounts/P1/migration")) {
            for (String version : List.of("HTTP/2.0", "HTTP/1.2", "HTTP/3.0")) {
                String answer = RawHttp.exchangeLine(RestAssured.port, "GET " + target + " " + version, "po.co");
                assertThat(target + " " + version + " -> " + answer, RawHttp.status(answer), equalTo(505));
                assertThat(target + " " + version + " -> " + answer, answer, containsString("/problems/http-version-not-supported"));
                assertThat(target + " " + version + " -> " + answer, answer.toLowerCase(Locale.ROOT), not(containsString("location:")));
            }
        }
        assertThat(RawHttp.status(RawHttp.exchangeLine(RestAssured.port, "GET /uk/ HTTP/1.0", "po.co")), equalTo(301));
    }

    /**
     * The gateway speaks no cleartext HTTP/2: a client asking to upgrade ({@code Upgrade: h2c}, as the JDK's
     * client does) is answered in HTTP/1.1, and HTTP/2's connection preface is a 400 problem. Through a proxy that
     * passes an upgrade on, the gateway's 101 had made the connection a tunnel past the proxy.
     */
    @Test
    void cleartextHttp2IsNotSpokenAnUpgradeIsAnsweredInHttp11() throws Exception {
        HttpClient http2 = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).build();
        for (String path : List.of("/api/nothing-here", "/ops")) {
            HttpResponse<String> answer = http2.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + RestAssured.port + path)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(path, answer.version(), equalTo(HttpClient.Version.HTTP_1_1));
        }
        // read as an HTTP/1 request, which it is not (no Host): a problem, not HTTP/2's SETTINGS frame
        String preface = RawHttp.send(RestAssured.port, "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n");
        assertThat(preface, RawHttp.status(preface), equalTo(400));
        assertThat(preface, preface, containsString("application/problem+json"));
    }

    /**
     * A body whose length Transfer-Encoding leaves unknown is a 400 problem, the connection closed, neither
     * redirected nor forwarded: its bytes had been read as the next request on the connection.
     */
    @Test
    void aBodyOfUnknownLengthIsA400ProblemAndTheNextRequestIsNotRead() throws IOException {
        for (String target : List.of("/uk/", "/api/accounts/imports/accounts")) {
            String answer = RawHttp.send(RestAssured.port, "POST " + target + " HTTP/1.1\r\nHost: po.co\r\n"
                    + "Transfer-Encoding: xchunked\r\n\r\nGET /uk/ HTTP/1.1\r\nHost: po.co\r\n\r\n");
            assertThat(target + " -> " + answer, RawHttp.status(answer), equalTo(400));
            assertThat(target + " -> " + answer, answer, containsString("/problems/bad-framing"));
            assertThat(target + " -> " + answer, answer.toLowerCase(Locale.ROOT), not(containsString("location:")));
        }
    }

    /**
     * A request whose body came chunked is the last its connection carries: with a {@code Content-Length}
     * beside it (which Netty drops, reading the body as chunked), a proxy in front that framed it by that
     * length had sent the request hidden after the chunked body as its own, and the gateway answered it.
     * Whether the gateway answers the chunked one itself or forwards it (a service that is not there: a 503
     * that comes later, while the hidden request waits behind it), the hidden one is neither answered nor
     * begun: its legacy URL is not counted among the unmatched, as it is when asked for.
     */
    @Test
    void aRequestHiddenAfterAChunkedBodyIsNotBegun() throws IOException {
        for (String target : List.of("/uk/", "/api/accounts/imports/accounts")) {
            String hiddenUrl = "/uk/product/hidden-" + UUID.randomUUID();
            String body = "0\r\n\r\nGET " + hiddenUrl + " HTTP/1.1\r\nHost: po.co\r\n\r\n";
            String answer = RawHttp.send(RestAssured.port, "POST " + target + " HTTP/1.1\r\nHost: po.co\r\nAuthorization: Bearer "
                    + Tokens.ops() + "\r\nContent-Length: " + body.length() + "\r\nTransfer-Encoding: chunked\r\n\r\n" + body);
            assertThat(target + " -> " + answer, RawHttp.answers(answer), equalTo(1));
            assertThat(target + " -> " + answer, answer.toLowerCase(Locale.ROOT), containsString("connection: close"));
            assertThat(target + " -> " + answer, answer, not(containsString("hidden-")));
            given().get("/admin/redirects/unmatched?limit=1000").then().statusCode(200)
                    .body("url", not(hasItem(hiddenUrl)));
            legacy("GET", "po.co", hiddenUrl).statusCode(301); // asked for, it is counted
            given().get("/admin/redirects/unmatched?limit=1000").then().statusCode(200)
                    .body("url", hasItem(hiddenUrl));
        }
    }

    /**
     * A request line in absolute form names the host, and the Host header is ignored (RFC 9112, 3.2.2), as
     * nginx does: a legacy host named there is redirected whatever the Host header says, another host
     * named there is not redirected though the Host header is a legacy one.
     */
    @Test
    void anAbsoluteFormTargetNamesTheHostNotTheHostHeader() throws IOException {
        String named = raw("GET", "www.example.com", "http://po.co/uk/");
        assertThat(named, RawHttp.status(named), equalTo(301));
        assertThat(named, named.toLowerCase(Locale.ROOT), containsString("location: https://www.mi.com/uk/poco/"));
        assertThat(RawHttp.status(raw("GET", "www.example.com", "HTTPS://WWW.PO.CO:443/uk/?ref=x")), equalTo(301));
        for (String target : List.of("http://www.example.com/uk/", "http://po.co@evil.example/uk/", "http://po.co.evil.example/uk/")) {
            String other = raw("GET", "po.co", target);
            assertThat(target + " -> " + other, RawHttp.status(other), equalTo(404));
            assertThat(target + " -> " + other, other.toLowerCase(Locale.ROOT), not(containsString("location:")));
        }
    }

    @Test
    void tenThousandHostileRequestsGetNo5xxAndOnlySafeLocations() throws IOException {
        Random random = new Random(20241231);
        String[] pieces = {"%2F", "%2f", "%5C", "\\", "//evil.example", "..", ".", "%2e%2e", "%0d%0a", "%00", "%C3%28",
                "%E2%82", "%ZZ", "uk", "in", "product", "support", "poco-f5", "poco-x7-pro", "@evil.example",
                "http:", "https://evil.example", "?", "#", ";", "é", "%E9", "~", "'\"<>", "a b", "\t", "%20"};
        String[] methods = {"GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS", "TRACE", "PATCH", "PROPFIND", "BREW"};
        for (int i = 0; i < 10_000; i++) {
            StringBuilder path = new StringBuilder("/");
            int parts = random.nextInt(8);
            for (int p = 0; p < parts; p++) {
                path.append(pieces[random.nextInt(pieces.length)]).append(random.nextBoolean() ? "/" : "");
            }
            if (i % 500 == 0) {
                path.append("x".repeat(8 * 1024));
            }
            String response = raw(methods[random.nextInt(methods.length)], random.nextBoolean() ? "po.co" : "WWW.PO.CO:80",
                    path.toString());
            int status = RawHttp.status(response);
            assertThat(path + " -> " + response, status, lessThan(500));
            for (String line : response.split("\r\n")) {
                if (line.toLowerCase().startsWith("location:")) {
                    assertThat(path.toString(), line.substring(9).trim(),
                            matchesPattern("https://www\\.(mi\\.com|poco\\.in)/[A-Za-z0-9._~!$&'()*+,;=:@%/?-]*"));
                    assertThat("no dot segment, plain or encoded, for a browser to resolve: " + path,
                            line.substring(9).trim().split("\\?")[0], not(matchesPattern("(?i).*/(\\.|%2e){1,2}(/.*)?")));
                }
                assertThat("no injected header", line.toLowerCase().startsWith("set-cookie"), equalTo(false));
            }
        }
    }

    @Test
    void opsSeeRuleHitsUnmatchedUrlsRankedAndADryRun() {
        String missing = "/uk/product/" + UUID.randomUUID();
        long hitsBefore = lastHourHits();
        for (int i = 0; i < 3; i++) {
            legacy("GET", "po.co", missing).statusCode(301);
        }
        legacy("GET", "po.co", "/uk/product/poco-x7-pro").statusCode(301);

        given().get("/admin/redirects/unmatched?limit=1000").then().statusCode(200)
                .body("find { it.url == '" + missing + "' }.hits", equalTo(3));
        given().get("/admin/redirects/rules").then().statusCode(200)
                .body("find { it.rule == 'product' }.hits", org.hamcrest.Matchers.greaterThanOrEqualTo(1))
                .body("find { it.rule == 'product' }.lastHit", org.hamcrest.Matchers.notNullValue());
        given().queryParam("url", "https://www.po.co/UK/product/poco-f5?x=1").queryParam("method", "POST")
                .get("/admin/redirects/check").then().statusCode(200)
                .body("legacyHost", equalTo(true))
                .body("status", equalTo(308))
                .body("location", equalTo(MI + "/uk/product/poco-f7/?x=1"))
                .body("rule", equalTo("product-successor"));
        given().queryParam("url", "not a url").get("/admin/redirects/check").then().statusCode(400)
                .contentType("application/problem+json");
        given().get("/admin/redirects/unmatched?limit=0").then().statusCode(400).contentType("application/problem+json");
        // the chart's series: an hour of 10 s intervals, oldest first, holding the four redirects above
        assertThat(lastHourHits(), equalTo(hitsBefore + 4));
        given().get("/admin/redirects/hits?minutes=1").then().statusCode(200).body("size()", equalTo(6))
                .body("[5].from", org.hamcrest.Matchers.notNullValue());
        given().get("/admin/redirects/hits?minutes=61").then().statusCode(400).contentType("application/problem+json");
    }

    private static long lastHourHits() {
        java.util.List<Integer> hits = given().get("/admin/redirects/hits").then().statusCode(200)
                .body("size()", equalTo(360)).extract().jsonPath().getList("hits", Integer.class);
        return hits.stream().mapToLong(Integer::longValue).sum();
    }

    private static ValidatableResponse legacy(String method, String host, String pathAndQuery) {
        return given().redirects().follow(false).header("Host", host).urlEncodingEnabled(false)
                .when().request(method, pathAndQuery)
                .then();
    }

    private static String raw(String method, String host, String target) throws IOException {
        return RawHttp.exchange(RestAssured.port, method, target, host);
    }

    private void route(String slug, String status, String successor, String regions) {
        String value = """
                {"slug":"%s","status":"%s","successor":%s,"regions":{%s},"changedAt":"2025-01-09T00:00:00Z"}"""
                .formatted(slug, status, successor == null ? "null" : '"' + successor + '"', regions);
        kafka.produceStrings().fromRecords(CloudEventRecords.of(EventType.CATALOG_ROUTE_CHANGED,
                UUID.randomUUID().toString(), slug, value)).awaitCompletion();
    }
}
