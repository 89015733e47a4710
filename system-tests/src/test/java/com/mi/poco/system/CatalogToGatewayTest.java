package com.mi.poco.system;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;

import com.mi.poco.testing.KafkaBrokerResource;
import com.mi.poco.testing.PostgresDatabaseResource;
import com.mi.poco.testing.ServiceProcess;
import com.mi.poco.testing.Tokens;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Two services as ops run them (packaged jars, separate JVMs, a real broker and database): a product
 * changed in catalog-service reaches the running gateway through Kafka and is redirected, without a
 * restart; discontinuing it moves the redirect to its successor.
 */
class CatalogToGatewayTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void aProductChangedInTheCatalogIsRedirectedByTheRunningGateway() throws Exception {
        PostgresDatabaseResource database = new PostgresDatabaseResource();
        Map<String, String> db = database.start();
        String bootstrap = KafkaBrokerResource.bootstrapServers();
        String slug = "poco-sys-" + UUID.randomUUID().toString().substring(0, 8);
        String successor = slug + "-next";
        try (ServiceProcess catalog = ServiceProcess.start("catalog-service", "catalog-system", Map.of(
                        "KAFKA_BOOTSTRAP_SERVERS", bootstrap,
                        "CATALOG_DB_URL", db.get("quarkus.datasource.jdbc.url"),
                        "PGUSER", db.get("quarkus.datasource.username"),
                        "PGPASSWORD", db.get("quarkus.datasource.password")));
                ServiceProcess gateway = ServiceProcess.start("redirect-gateway", "gateway-system", Map.of(
                        "KAFKA_BOOTSTRAP_SERVERS", bootstrap))) {
            assertThat(location(gateway, "/uk/product/" + slug), equalTo("https://www.mi.com/uk/poco/"));

            put(catalog, successor, "ACTIVE", null);
            put(catalog, slug, "ACTIVE", null);
            await().atMost(Duration.ofSeconds(30)).until(() ->
                    location(gateway, "/uk/product/" + slug).equals("https://www.mi.com/uk/product/" + slug + "/"));

            put(catalog, slug, "DISCONTINUED", successor);
            await().atMost(Duration.ofSeconds(30)).until(() ->
                    location(gateway, "/uk/product/" + slug).equals("https://www.mi.com/uk/product/" + successor + "/"));
        } finally {
            database.stop();
        }
    }

    private static void put(ServiceProcess catalog, String slug, String status, String successor) throws Exception {
        String body = """
                {"slug":"%s","name":"POCO test","status":"%s","successor":%s,\
                "regions":{"uk":{"miPath":"/uk/product/%s/","launchedAt":"2025-01-09"}}}"""
                .formatted(slug, status, successor == null ? "null" : '"' + successor + '"', slug);
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(
                        URI.create(catalog.baseUri() + "/api/catalog/products/" + slug))
                .header("Authorization", Tokens.bearer(Tokens.ops())).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.body(), response.statusCode(), equalTo(200));
    }

    /** The Location a po.co request gets from the gateway; a raw socket, as the JDK client will not send another Host. */
    private static String location(ServiceProcess gateway, String path) throws Exception {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", gateway.port())) {
            socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: po.co\r\nConnection: close\r\n\r\n")
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8));
            String response = new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            return response.lines().filter(l -> l.toLowerCase().startsWith("location:"))
                    .map(l -> l.substring("location:".length()).trim()).findFirst().orElse("");
        }
    }
}
