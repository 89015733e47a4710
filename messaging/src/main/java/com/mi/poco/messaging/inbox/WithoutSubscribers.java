package com.mi.poco.messaging.inbox;

import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.ScheduledExecution;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Singleton;

/**
 * True in a service that consumes nothing (catalog-service only publishes): its database has no inbox
 * or dead-letter tables, so the jobs that keep them skip there ({@code @Scheduled(skipExecutionIf = …)}).
 */
@Singleton
public class WithoutSubscribers implements Scheduled.SkipPredicate {

    private final boolean none;

    public WithoutSubscribers(@Any Instance<Subscriber<?>> subscribers) {
        this.none = subscribers.isUnsatisfied();
    }

    /** Whether this service consumes no channel. */
    public boolean holds() {
        return none;
    }

    @Override
    public boolean test(ScheduledExecution execution) {
        return none;
    }
}
