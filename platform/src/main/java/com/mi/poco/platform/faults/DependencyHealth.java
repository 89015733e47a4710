package com.mi.poco.platform.faults;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness: DOWN while any of the service's work (a consumer, the migrator, the outbox relay)
 * waits on a dependency that failed transiently, naming what waits, since when and why. It comes
 * back UP by itself when the work goes through again. Also a gauge, {@code dependency.waiting}.
 */
@Readiness
@jakarta.enterprise.inject.Default
@ApplicationScoped
public class DependencyHealth implements HealthCheck {

    private record Waiting(Instant since, String cause) {
    }

    private final Map<String, Waiting> waiting = new ConcurrentHashMap<>();

    public DependencyHealth(MeterRegistry metrics) {
        metrics.gaugeMapSize("dependency.waiting", java.util.List.of(), waiting);
    }

    public void waiting(String who, Throwable cause) {
        waiting.putIfAbsent(who, new Waiting(Instant.now(), TransientFailures.describe(cause)));
    }

    public void recovered(String who) {
        waiting.remove(who);
    }

    public boolean anyWaiting() {
        return !waiting.isEmpty();
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("dependencies").status(waiting.isEmpty());
        waiting.forEach((who, w) -> response.withData(who, "waiting since " + w.since() + ": " + w.cause()));
        return response.build();
    }
}
