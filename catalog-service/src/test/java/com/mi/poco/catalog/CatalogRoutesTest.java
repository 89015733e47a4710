package com.mi.poco.catalog;

import static com.mi.poco.testing.Api.ASYNC;
import static com.mi.poco.testing.Api.ndjson;
import static com.mi.poco.testing.Api.postNdjson;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.nullValue;

import com.mi.poco.events.EventSchemas;
import com.mi.poco.events.EventType;
import com.mi.poco.testing.CloudEventRecords;
import com.mi.poco.testing.InjectKafkaCompanion;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.smallrye.reactive.messaging.kafka.companion.ConsumerTask;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every change of a product's route reaches the compacted catalog-routes topic; loops never do. */
@QuarkusTest
class CatalogRoutesTest {

    @InjectKafkaCompanion
    KafkaCompanion kafka;

    private ConsumerTask<String, String> routes;

    @BeforeEach
    void listen() {
        routes = kafka.consumeStrings().fromTopics(EventType.CATALOG_ROUTE_CHANGED.topic());
    }

    @AfterEach
    void stopListening() {
        routes.stop();
    }

    /** Pages of products: any page past the end is empty, however far; a page or size out of range is a 400. */
    @Test
    void productsArePagedAndAPagePastTheEndIsEmpty() {
        postNdjson("/api/catalog/imports/products", ndjson(product(slug("poco-m6"), "ACTIVE", null))).statusCode(200);

        given().get("/api/catalog/products?page=0&size=1").then().statusCode(200).body("size()", equalTo(1));
        for (String far : List.of("page=2147483647&size=1000", "page=2147483647&size=1", "page=2147484&size=1000")) {
            given().get("/api/catalog/products?" + far).then().statusCode(200).body("size()", equalTo(0));
        }
        for (String outOfRange : List.of("page=-1", "size=0", "size=1001")) {
            given().get("/api/catalog/products?" + outOfRange).then().statusCode(400)
                    .contentType("application/problem+json").body("violations.size()", equalTo(1));
        }
    }

    @Test
    void importedProductIsPublishedAsItsRouteAndKeepsPocoAsItsBrand() {
        String slug = slug("poco-x7-pro");

        postNdjson("/api/catalog/imports/products", ndjson(product(slug, "ACTIVE", null))).statusCode(200)
                .body("accepted", equalTo(1));

        ConsumerRecord<String, String> route = awaitRoute(slug, 1).get(0);
        assertThat(EventSchemas.violations(EventType.CATALOG_ROUTE_CHANGED, route.value()), empty());
        assertThat(route.value(), containsString("\"/uk/product/" + slug + "/\""));
        given().get("/api/catalog/products/" + slug).then().statusCode(200)
                .body("brand", equalTo("POCO"))
                .body("regions.uk.launchedAt", equalTo("2025-01-09"));
    }

    @Test
    void discontinuingAProductPublishesItsNewRoute() {
        String old = slug("poco-x6");
        String successor = slug("poco-x7");
        postNdjson("/api/catalog/imports/products", ndjson(product(old, "ACTIVE", null), product(successor, "ACTIVE", null)));

        given().contentType("application/json").body(product(old, "DISCONTINUED", successor))
                .when().put("/api/catalog/products/" + old)
                .then().statusCode(200).body("successor", equalTo(successor));

        List<ConsumerRecord<String, String>> published = awaitRoute(old, 2);
        assertThat(published.get(1).value(), containsString("\"successor\":\"" + successor + "\""));
    }

    @Test
    void aChainOfSuccessorsIsAllowedAndALoopIsRefused() {
        String a = slug("poco-f4");
        String b = slug("poco-f5");
        String c = slug("poco-f6");
        postNdjson("/api/catalog/imports/products", ndjson(product(c, "ACTIVE", null),
                product(b, "DISCONTINUED", c), product(a, "DISCONTINUED", b))).body("accepted", equalTo(3));

        given().contentType("application/json").body(product(c, "DISCONTINUED", a))
                .when().put("/api/catalog/products/" + c)
                .then().statusCode(409)
                .contentType("application/problem+json")
                .body("type", containsString("redirect-loop"))
                .body("detail", containsString(c + " → " + a + " → " + b + " → " + c));
        given().get("/api/catalog/products/" + c).then().body("status", equalTo("ACTIVE")).body("successor", nullValue());
    }

    @Test
    void aLoopInAnImportIsARejectedLine() {
        String a = slug("poco-m6");
        String b = slug("poco-m7");

        postNdjson("/api/catalog/imports/products", ndjson(product(a, "DISCONTINUED", b), product(b, "DISCONTINUED", a)))
                .statusCode(200)
                .body("accepted", equalTo(1))
                .body("rejections[0].line", equalTo(2))
                .body("rejections[0].reason", containsString("loop"));
    }

    @Test
    void deletingAProductPublishesItsRemovalThenATombstone() {
        String slug = slug("poco-c75");
        postNdjson("/api/catalog/imports/products", ndjson(product(slug, "ACTIVE", null)));
        awaitRoute(slug, 1);

        given().when().delete("/api/catalog/products/" + slug).then().statusCode(204);

        List<ConsumerRecord<String, String>> published = awaitRoute(slug, 3);
        assertThat(EventSchemas.violations(EventType.CATALOG_ROUTE_CHANGED, published.get(1).value()), empty());
        assertThat(published.get(1).value(), containsString("\"status\":\"REMOVED\""));
        assertThat(version(published.get(1)) > version(published.get(0)), equalTo(true));
        assertThat(published.get(2).value(), nullValue());
        given().get("/api/catalog/products/" + slug).then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    void everyRouteChangeCarriesAHigherVersionThanTheLast() {
        String slug = slug("poco-x5");
        postNdjson("/api/catalog/imports/products", ndjson(product(slug, "ACTIVE", null)));
        for (String status : List.of("DISCONTINUED", "ACTIVE", "DISCONTINUED")) {
            given().contentType("application/json").body(product(slug, status, null))
                    .when().put("/api/catalog/products/" + slug).then().statusCode(200);
        }
        List<Long> versions = awaitRoute(slug, 4).stream().map(CatalogRoutesTest::version).toList();
        for (int i = 1; i < versions.size(); i++) {
            assertThat(versions + " rise", versions.get(i) > versions.get(i - 1), equalTo(true));
        }
    }

    /** The public catalog read without a token stays cacheable (revalidated by its ETag); an answer to a token is not stored. */
    @Test
    void anAnonymousReadIsCacheableAndAnAnswerToATokenIsNot() throws Exception {
        String slug = slug("poco-c9");
        given().contentType("application/json").header("If-Match", "\"0\"").body(product(slug, "ACTIVE", null))
                .when().put("/api/catalog/products/" + slug).then().statusCode(200);
        HttpResponse<Void> anonymous = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(RestAssured.baseURI + ":" + RestAssured.port + "/api/catalog/products/" + slug)).build(),
                HttpResponse.BodyHandlers.discarding());
        assertThat(anonymous.statusCode(), equalTo(200));
        assertThat(anonymous.headers().firstValue("Cache-Control"), equalTo(Optional.empty()));
        given().when().get("/api/catalog/products/" + slug).then().statusCode(200).header("Cache-Control", equalTo("no-store"));
    }

    @Test
    void aWriteBasedOnAnOlderVersionIsAConflict() {
        String slug = slug("poco-f7");
        String etag = given().contentType("application/json").header("If-Match", "\"0\"")
                .body(product(slug, "ACTIVE", null)).when().put("/api/catalog/products/" + slug)
                .then().statusCode(200).extract().header("ETag");
        // two editors read the same version; the first write wins, the second is told it is stale
        given().contentType("application/json").header("If-Match", etag).body(product(slug, "DISCONTINUED", null))
                .when().put("/api/catalog/products/" + slug).then().statusCode(200);
        given().contentType("application/json").header("If-Match", etag).body(product(slug, "ACTIVE", null))
                .when().put("/api/catalog/products/" + slug)
                .then().statusCode(409).contentType("application/problem+json").body("type", containsString("stale-write"));
        given().header("If-Match", etag).when().delete("/api/catalog/products/" + slug).then().statusCode(409);
        given().contentType("application/json").header("If-Match", "\"0\"").body(product(slug, "ACTIVE", null))
                .when().put("/api/catalog/products/" + slug).then().statusCode(409);
        given().contentType("application/json").header("If-Match", "yesterday").body(product(slug, "ACTIVE", null))
                .when().put("/api/catalog/products/" + slug).then().statusCode(400).contentType("application/problem+json");
        given().get("/api/catalog/products/" + slug).then().statusCode(200).body("status", equalTo("DISCONTINUED"));
    }

    @Test
    void aCreateOnlyWriteIsAConflictForAProductJustImported() {
        String slug = slug("poco-c65");
        postNdjson("/api/catalog/imports/products", ndjson(product(slug, "ACTIVE", null))).body("accepted", equalTo(1));
        String etag = given().get("/api/catalog/products/" + slug).then().statusCode(200).extract().header("ETag");

        given().contentType("application/json").header("If-Match", "\"0\"").body(product(slug, "DISCONTINUED", null))
                .when().put("/api/catalog/products/" + slug).then().statusCode(409).body("type", containsString("stale-write"));
        given().contentType("application/json").header("If-Match", etag).body(product(slug, "DISCONTINUED", null))
                .when().put("/api/catalog/products/" + slug).then().statusCode(200);
    }

    @Test
    void successorsSetAtOnceInBothDirectionsCannotBothPass() throws Exception {
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 15; round++) {
                String a = slug("poco-race-a");
                String b = slug("poco-race-b");
                postNdjson("/api/catalog/imports/products", ndjson(product(a, "ACTIVE", null), product(b, "ACTIVE", null)))
                        .body("accepted", equalTo(2));
                java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(2);
                java.util.concurrent.Future<Integer> ab = pool.submit(() -> {
                    start.await();
                    return given().contentType("application/json").body(product(a, "DISCONTINUED", b))
                            .when().put("/api/catalog/products/" + a).statusCode();
                });
                java.util.concurrent.Future<Integer> ba = pool.submit(() -> {
                    start.await();
                    return given().contentType("application/json").body(product(b, "DISCONTINUED", a))
                            .when().put("/api/catalog/products/" + b).statusCode();
                });
                List<Integer> statuses = java.util.stream.Stream.of(ab.get(), ba.get()).sorted().toList();
                assertThat("round " + round + ": " + a + " → " + b + " and back", statuses, equalTo(List.of(200, 409)));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static long version(ConsumerRecord<String, String> route) {
        java.util.regex.Matcher version = java.util.regex.Pattern.compile("\"version\":(\\d+)").matcher(route.value());
        assertThat(route.value(), version.find(), equalTo(true));
        return Long.parseLong(version.group(1));
    }

    @Test
    void badProductsAreRefused() {
        postNdjson("/api/catalog/imports/products", ndjson(
                product("Not A Slug", "ACTIVE", null),
                product(slug("poco-a"), "ACTIVE", slug("poco-b")),
                product(slug("poco-c"), "ACTIVE", null).replace("\"uk\"", "\"mars\"")))
                .statusCode(200)
                .body("rejected", equalTo(3))
                .body("rejections[0].reason", containsString("slug"))
                .body("rejections[1].reason", containsString("successor"))
                .body("rejections[2].reason", equalTo("regions[mars]: is not a known region"));
        given().contentType("application/json").body(product(slug("poco-d"), "ACTIVE", null))
                .when().put("/api/catalog/products/other").then().statusCode(400).contentType("application/problem+json");
    }

    /**
     * A region's path must stay on mi.com wherever a redirect's Location puts it: {@code //host/…} would
     * be read as another host, {@code ..} could climb out of the region. Such a line was accepted and
     * stored, and only the gateway refused its route, so the product redirected to its region's landing
     * page while the import said it was in.
     */
    @Test
    void aPathThatCouldLeaveMiComIsARejectedLine() {
        String good = slug("poco-e");
        List<String> paths = List.of("//evil.example/x", "/uk//x", "/../x", "/uk/../../x", "/uk/%2e%2e/x", "uk/x");
        List<String> lines = new java.util.ArrayList<>(paths.stream()
                .map(path -> product(slug("poco-e"), "ACTIVE", null).replaceFirst("/uk/product/[^\"]+", path))
                .toList());
        lines.add(product(good, "ACTIVE", null).replaceFirst("/uk/product/" + good + "/", "/uk/product/" + good + "/..details"));
        postNdjson("/api/catalog/imports/products", ndjson(lines.toArray(String[]::new)))
                .statusCode(200)
                .body("accepted", equalTo(1))
                .body("rejected", equalTo(paths.size()))
                .body("rejections.reason", everyItem(containsString("regions[uk].miPath: must be a path on mi.com")));
    }

    static String product(String slug, String status, String successor) {
        return """
                {"slug":"%s","name":"POCO %s","status":"%s","successor":%s,"regions":{\
                "uk":{"miPath":"/uk/product/%s/","launchedAt":"2025-01-09"},\
                "global":{"miPath":"/global/product/%s/","launchedAt":"2025-01-09"}}}"""
                .formatted(slug, slug, status, successor == null ? "null" : '"' + successor + '"', slug, slug);
    }

    private static String slug(String base) {
        return base + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private List<ConsumerRecord<String, String>> awaitRoute(String slug, int count) {
        await().atMost(ASYNC).until(() -> CloudEventRecords.withKey(routes.getRecords(), slug).size() >= count);
        return CloudEventRecords.withKey(routes.getRecords(), slug);
    }
}
