package com.mi.poco.messaging.inbox;

import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.ScheduledExecution;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Singleton;

/**
 * True in a service that consumes nothing (catalog-service only publishes): its database has no inbox
 * or dead-letter tables, so the jobs that keep them skip there ({@code @Scheduled(skipExecutionIf = …)}).
 * Like every job that reads the database, they also skip while the application is not running: before
 * its start ended (the messaging channels not connected yet) and once its shutdown began (the
 * persistence unit closing).
 */
@Singleton
public class WithoutSubscribers implements Scheduled.SkipPredicate {

    private final boolean none;
    private final Scheduled.ApplicationNotRunning notRunning;

    public WithoutSubscribers(@Any Instance<Subscriber<?>> subscribers, Scheduled.ApplicationNotRunning notRunning) {
        this.none = subscribers.isUnsatisfied();
        this.notRunning = notRunning;
    }

    /** Whether this service consumes no channel. */
    public boolean holds() {
        return none;
    }

    @Override
    public boolean test(ScheduledExecution execution) {
        return none || notRunning.test(execution);
    }
}
