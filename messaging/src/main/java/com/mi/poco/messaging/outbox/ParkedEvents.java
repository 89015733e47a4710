package com.mi.poco.messaging.outbox;

import com.mi.poco.platform.db.Columns;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;
import jakarta.persistence.Tuple;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Outbox events the relay parked (the broker refused them {@code outbox.max-attempts} times for their
 * own sake): listed for ops, counted in {@code outbox.events.parked{service=…}}, and republished on
 * request, with their original id, once the cause is mended (a topic created, a limit raised).
 */
@ApplicationScoped
public class ParkedEvents {

    private static final Logger LOG = Logger.getLogger(ParkedEvents.class);

    public record Parked(UUID id, String topic, String type, String key, int attempts, String lastError,
            Instant createdAt, Instant parkedAt) {
    }

    public record Listing(long parked, List<Parked> events) {
    }

    public record Republished(int republished) {
    }

    private final EntityManager entityManager;
    private final OutboxRelay relay;
    private final AtomicLong parked = new AtomicLong();

    public ParkedEvents(EntityManager entityManager, OutboxRelay relay, MeterRegistry metrics,
            @ConfigProperty(name = "quarkus.application.name") String service) {
        this.entityManager = entityManager;
        this.relay = relay;
        metrics.gauge("outbox.events.parked", List.of(Tag.of("service", service)), parked);
    }

    public Listing list(int limit) {
        return QuarkusTransaction.requiringNew().call(() -> {
            List<Parked> events = new ArrayList<>();
            for (Object result : entityManager.createNativeQuery("""
                    SELECT id, topic, type, message_key, attempts, last_error, created_at, parked_at FROM outbox_event
                    WHERE parked_at IS NOT NULL AND published_at IS NULL ORDER BY parked_at, id LIMIT ?1""", Tuple.class)
                    .setParameter(1, limit).getResultList()) {
                Tuple row = (Tuple) result;
                events.add(new Parked(row.get("id", UUID.class), row.get("topic", String.class), row.get("type", String.class),
                        row.get("message_key", String.class), row.get("attempts", Number.class).intValue(),
                        row.get("last_error", String.class), Columns.instant(row.get("created_at")),
                        Columns.instant(row.get("parked_at"))));
            }
            return new Listing(count(), events);
        });
    }

    /** Gives the named parked events (all of them if none is named) back to the relay, with their attempts reset. */
    public Republished republish(List<UUID> ids) {
        boolean all = ids == null || ids.isEmpty();
        int republished = QuarkusTransaction.requiringNew().call(() -> {
            Query giveBack = entityManager.createNativeQuery("""
                    UPDATE outbox_event SET parked_at = NULL, attempts = 0
                    WHERE parked_at IS NOT NULL AND published_at IS NULL""" + (all ? "" : " AND id IN (?1)"));
            if (!all) {
                giveBack.setParameter(1, ids);
            }
            return giveBack.executeUpdate();
        });
        LOG.infof("%d parked outbox events given back to the relay", republished);
        refresh();
        relay.wakeUp();
        return new Republished(republished);
    }

    @Scheduled(every = "30s", delayed = "5s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void refresh() {
        try {
            parked.set(QuarkusTransaction.requiringNew().call(this::count));
        } catch (RuntimeException databaseDown) {
            // the last count stands until the next refresh; readiness says what is down
        }
    }

    private long count() {
        return ((Number) entityManager.createNativeQuery(
                "SELECT count(*) FROM outbox_event WHERE parked_at IS NOT NULL AND published_at IS NULL")
                .getSingleResult()).longValue();
    }
}
