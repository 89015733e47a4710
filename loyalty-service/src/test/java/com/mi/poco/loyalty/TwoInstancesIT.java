package com.mi.poco.loyalty;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mi.poco.events.EventType;
import com.mi.poco.testing.CloudEventRecords;
import com.mi.poco.testing.MigrationEvents;
import com.mi.poco.testing.KafkaBrokerResource;
import com.mi.poco.testing.PostgresDatabaseResource;
import com.mi.poco.testing.ServiceProcess;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import com.mi.poco.testing.Tokens;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/**
 * Ops scale a service by starting more instances: two packaged loyalty-service processes in one
 * consumer group, one database, one broker. A stream of 10,000 migrations (and 1,000 redeliveries of
 * them) is converted once each, both instances take part, and the books balance.
 */
class TwoInstancesIT {

    private static final int ACCOUNTS = 10_000;
    private static final int REDELIVERED = 1_000;
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void twoInstancesConvertEveryMigrationOnceAndTheReconciliationAgrees() throws Exception {
        PostgresDatabaseResource database = new PostgresDatabaseResource();
        Map<String, String> db = database.start();
        String bootstrap = KafkaBrokerResource.bootstrapServers();
        Map<String, String> env = Map.of(
                "KAFKA_BOOTSTRAP_SERVERS", bootstrap,
                "LOYALTY_DB_URL", db.get("quarkus.datasource.jdbc.url"),
                "PGUSER", db.get("quarkus.datasource.username"),
                "PGPASSWORD", db.get("quarkus.datasource.password"));
        String run = UUID.randomUUID().toString().substring(0, 8);
        try (ServiceProcess first = ServiceProcess.start("loyalty-service", "loyalty-a", env);
                ServiceProcess second = ServiceProcess.start("loyalty-service", "loyalty-b", env);
                KafkaCompanion kafka = new KafkaCompanion(bootstrap)) {
            long expectedCredit = importPoints(first, run);

            List<ProducerRecord<String, String>> events = new ArrayList<>();
            for (int i = 0; i < ACCOUNTS; i++) {
                String poco = "P" + run + "-" + i;
                events.add(CloudEventRecords.of(EventType.ACCOUNT_MIGRATED, "event-" + run + "-" + i, poco,
                        MigrationEvents.accountMigrated(poco, "M" + run + "-" + i)));
            }
            events.addAll(events.subList(0, REDELIVERED));
            kafka.produceStrings().fromRecords(events).awaitCompletion(Duration.ofSeconds(60));

            await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1)).until(() ->
                    JSON.readTree(second.get("/api/loyalty/reconciliation")).get("conversions").asLong() == ACCOUNTS);
            JsonNode books = JSON.readTree(first.get("/api/loyalty/reconciliation"));
            assertThat(books.get("agree").asBoolean(), equalTo(true));
            assertThat(books.get("accounts").asLong(), equalTo((long) ACCOUNTS));
            assertThat(books.get("miPointsCredited").asLong(), equalTo(expectedCredit));
            assertThat(books.get("miLedgerCredited").asLong(), equalTo(expectedCredit));

            String applied = "inbox_events_applied_total";
            String duplicate = "inbox_events_duplicate_total";
            assertThat("the first instance took part", first.metric(applied), greaterThan(0.0));
            assertThat("the second instance took part", second.metric(applied), greaterThan(0.0));
            assertThat(first.metric(applied) + second.metric(applied), equalTo((double) ACCOUNTS));
            // At least the events sent twice: a rebalance while the second instance joins may hand over a
            // batch the first applied but had not committed yet, and its events come again (at least once).
            await().atMost(Duration.ofSeconds(30)).until(() ->
                    first.metric(duplicate) + second.metric(duplicate) >= REDELIVERED);
        } finally {
            database.stop();
        }
    }

    /** Each account gets a mix: earned points, an expired grant, sometimes a redemption larger than its balance. */
    private static long importPoints(ServiceProcess service, String run) throws Exception {
        StringBuilder lines = new StringBuilder();
        long expected = 0;
        for (int i = 0; i < ACCOUNTS; i++) {
            String poco = "P" + run + "-" + i;
            long earned = 100L * (i % 7);
            lines.append(PointsConversionTest.entry(poco, earned, null)).append('\n');
            if (i % 5 == 0) {
                lines.append(PointsConversionTest.entry(poco, 50, "2024-06-01T00:00:00Z")).append('\n');
            }
            long redeemed = i % 11 == 0 ? 1_000 : 0;
            if (redeemed > 0) {
                lines.append(PointsConversionTest.entry(poco, -redeemed, null)).append('\n');
            }
            expected += Math.max(0, earned - redeemed);
        }
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(service.baseUri() + "/api/loyalty/imports/points"))
                .header("Authorization", Tokens.bearer(Tokens.ops())).header("Content-Type", "application/x-ndjson")
                .POST(HttpRequest.BodyPublishers.ofString(lines.toString())).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.body(), response.statusCode(), equalTo(200));
        assertThat(response.body(), JSON.readTree(response.body()).get("rejected").asLong(), equalTo(0L));
        return expected;
    }
}
