package com.mi.poco.gateway;

import static io.restassured.RestAssured.given;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import com.mi.poco.events.CloudEvents;
import com.mi.poco.events.EventType;
import com.mi.poco.testing.InjectKafkaCompanion;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import java.time.Duration;
import java.util.UUID;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

/** A route published on the real broker reaches the gateway's table, and a tombstone removes it. */
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
    void readinessCoversKafka() {
        given().when().get("/q/health/ready")
                .then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.find { it.name.contains('Reactive Messaging') }.data.catalog-routes", equalTo("[OK]"));
    }

    private void publish(String slug, String value) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(CloudEvents.ID, UUID.randomUUID().toString().getBytes(UTF_8));
        headers.add(CloudEvents.TYPE, EventType.CATALOG_ROUTE_CHANGED.type().getBytes(UTF_8));
        kafka.produceStrings()
                .fromRecords(new ProducerRecord<>(EventType.CATALOG_ROUTE_CHANGED.topic(), null, slug, value, headers))
                .awaitCompletion();
    }
}
