package com.mi.poco.gateway;

import static io.restassured.RestAssured.given;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import com.mi.poco.events.CloudEvents;
import com.mi.poco.events.EventType;
import com.mi.poco.testing.InjectKafkaCompanion;
import com.mi.poco.testing.Management;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import java.time.Duration;
import java.util.UUID;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

/** A route published on the real broker reaches the gateway's table, in version order whatever the arrival order. */
@QuarkusTest
class CatalogRoutesRoundTripTest {

    @InjectKafkaCompanion
    KafkaCompanion kafka;

    @Test
    void publishedRouteReachesTheTableAndATombstoneRemovesIt() {
        String slug = "poco-test-" + UUID.randomUUID().toString().substring(0, 8);
        String route = """
                {"slug":"%s","status":"ACTIVE","successor":null,
                 "regions":{"uk":"/uk/product/%s/"},"changedAt":"2025-01-09T00:00:00Z"}""".formatted(slug, slug);

        publish(slug, route);

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given()
                .when().get("/admin/routes/" + slug.toUpperCase())
                .then().statusCode(200)
                .body("status", equalTo("ACTIVE"))
                .body("regions.uk", equalTo("/uk/product/" + slug + "/")));

        publish(slug, null);

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given()
                .when().get("/admin/routes/" + slug)
                .then().statusCode(404)
                .contentType("application/problem+json"));
    }

    @Test
    void anOlderRouteArrivingLaterChangesNothing() {
        String slug = "poco-order-" + UUID.randomUUID().toString().substring(0, 8);
        // all on one partition, with a marker after them: once the marker is in the table, so is what came before
        publish(0, slug, versioned(slug, "ACTIVE", 5));
        publish(0, slug, versioned(slug, "DISCONTINUED", 4));   // committed earlier, relayed later
        awaitMarker();
        given().when().get("/admin/routes/" + slug).then().statusCode(200).body("status", equalTo("ACTIVE"));

        publish(0, slug, versioned(slug, "REMOVED", 6));
        publish(0, slug, versioned(slug, "ACTIVE", 5));          // a stale route cannot bring it back
        publish(0, slug, null);
        awaitMarker();
        given().when().get("/admin/routes/" + slug).then().statusCode(404);

        publish(0, slug, versioned(slug, "ACTIVE", 7));          // created again, later
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given()
                .when().get("/admin/routes/" + slug).then().statusCode(200).body("status", equalTo("ACTIVE")));
        publish(0, slug, null);                                  // a tombstone only removes an unversioned route
        awaitMarker();
        given().when().get("/admin/routes/" + slug).then().statusCode(200);
    }

    private static String versioned(String slug, String status, long version) {
        String regions = status.equals("REMOVED") ? "{}" : "{\"uk\":\"/uk/product/" + slug + "/\"}";
        return "{\"slug\":\"" + slug + "\",\"status\":\"" + status + "\",\"successor\":null,\"regions\":" + regions
                + ",\"changedAt\":\"2025-01-09T00:00:00Z\",\"version\":" + version + "}";
    }

    private void awaitMarker() {
        String marker = "poco-marker-" + UUID.randomUUID().toString().substring(0, 8);
        publish(0, marker, versioned(marker, "ACTIVE", 1));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given()
                .when().get("/admin/routes/" + marker).then().statusCode(200));
    }

    @Test
    void readinessCoversKafka() {
        // UP once the route table is loaded and the warm-up done, both a matter of seconds after the start
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().when().get(Management.url("/q/health/ready"))
                .then().statusCode(200));
        given().when().get(Management.url("/q/health/ready"))
                .then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.find { it.name.contains('Reactive Messaging') }.data.catalog-routes", equalTo("[OK]"));
    }

    private void publish(String slug, String value) {
        publish(null, slug, value);
    }

    private void publish(Integer partition, String slug, String value) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(CloudEvents.ID, UUID.randomUUID().toString().getBytes(UTF_8));
        headers.add(CloudEvents.TYPE, EventType.CATALOG_ROUTE_CHANGED.type().getBytes(UTF_8));
        kafka.produceStrings()
                .fromRecords(new ProducerRecord<>(EventType.CATALOG_ROUTE_CHANGED.topic(), partition, slug, value, headers))
                .awaitCompletion();
    }
}
