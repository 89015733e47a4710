package com.mi.poco.messaging.deadletters;

import com.mi.poco.messaging.inbox.WithoutSubscribers;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * {@code dead.letters.waiting{service=…}}: how many dead letters wait for ops. Counted after each
 * change and every half minute (another instance may have changed them), never on a scrape, so a
 * scrape costs the database nothing and works while it is down. Not in a service that consumes nothing.
 */
@ApplicationScoped
public class DeadLetterGauge {

    private final EntityManager entityManager;
    private final AtomicLong waiting = new AtomicLong();

    public DeadLetterGauge(EntityManager entityManager, MeterRegistry metrics, WithoutSubscribers withoutSubscribers,
            @ConfigProperty(name = "quarkus.application.name") String service) {
        this.entityManager = entityManager;
        if (!withoutSubscribers.holds()) {
            metrics.gauge("dead.letters.waiting", List.of(Tag.of("service", service)), waiting);
        }
    }

    @Scheduled(every = "30s", delayed = "5s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = WithoutSubscribers.class)
    void refresh() {
        try {
            waiting.set(QuarkusTransaction.requiringNew().call(() -> ((Number) entityManager
                    .createNativeQuery("SELECT count(*) FROM dead_letter WHERE replayed_at IS NULL")
                    .getSingleResult()).longValue()));
        } catch (RuntimeException databaseDown) {
            // the last count stands until the next refresh; readiness says what is down
        }
    }

    public long waiting() {
        return waiting.get();
    }
}
