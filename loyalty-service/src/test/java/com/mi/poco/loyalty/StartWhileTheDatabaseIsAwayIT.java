package com.mi.poco.loyalty;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.mi.poco.testing.DatabaseOutage;
import com.mi.poco.testing.KafkaBrokerResource;
import com.mi.poco.testing.PostgresDatabaseResource;
import com.mi.poco.testing.ServiceProcess;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A service (re)started while its database is away, as when both come back after a fail-over, waits
 * for the database and then serves: exiting at once, it would stay down wherever no supervisor
 * starts it again ({@code bin/stack}), and under Kubernetes go into a growing restart back-off.
 */
class StartWhileTheDatabaseIsAwayIT {

    private static final Duration AWAY = Duration.ofSeconds(15);

    @Test
    void aServiceStartedWhileItsDatabaseRefusesConnectionsWaitsForItAndThenServes() throws Exception {
        PostgresDatabaseResource database = new PostgresDatabaseResource();
        Map<String, String> db = database.start();
        Map<String, String> env = Map.of(
                "KAFKA_BOOTSTRAP_SERVERS", KafkaBrokerResource.bootstrapServers(),
                "LOYALTY_DB_URL", db.get("quarkus.datasource.jdbc.url"),
                "PGUSER", db.get("quarkus.datasource.username"),
                "PGPASSWORD", db.get("quarkus.datasource.password"));
        DatabaseOutage outage = DatabaseOutage.of(db.get("quarkus.datasource.jdbc.url"));
        try (ServiceProcess service = ServiceProcess.launch("loyalty-service", "loyalty-database-away", env)) {
            await("alive and not ready while its database is away").during(AWAY).atMost(AWAY.plusSeconds(5))
                    .pollInterval(Duration.ofMillis(500))
                    .until(() -> service.isAlive() && !service.ready());
            outage.close();
            service.awaitReady();
            assertThat(new ObjectMapper().readTree(service.get("/api/loyalty/reconciliation")).get("agree").asBoolean(),
                    equalTo(true));
        } finally {
            outage.close();
            database.stop();
        }
    }
}
