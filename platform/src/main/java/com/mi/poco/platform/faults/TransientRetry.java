package com.mi.poco.platform.faults;

import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Runs work again, with exponential backoff and jitter, for as long as it fails transiently
 * ({@link TransientFailures}); any other failure is thrown to the caller at once. While a piece of
 * work waits, {@link DependencyHealth} reports the service not ready, naming it and the cause.
 * The wait ends only when the work succeeds, fails for good, or the service shuts down.
 */
@ApplicationScoped
public class TransientRetry {

    private static final Logger LOG = Logger.getLogger(TransientRetry.class);

    /** Told when work starts waiting on a dependency and when it goes through again. */
    public interface Listener {

        Listener NONE = new Listener() {
        };

        default void waiting(Throwable cause) {
        }

        default void recovered() {
        }
    }

    /** Thrown when the service stops while work waits: nothing was applied, nothing is acknowledged. */
    public static final class Stopped extends RuntimeException {
        Stopped(String who) {
            super(who + ": stopped while waiting for a dependency");
        }
    }

    private final RetryConfig config;
    private final DependencyHealth health;
    private volatile boolean stopping;

    public TransientRetry(RetryConfig config, DependencyHealth health) {
        this.config = config;
        this.health = health;
    }

    void stop(@Observes ShutdownEvent shutdown) {
        stopping = true;
    }

    public <T> T call(String who, Supplier<T> work) {
        return call(who, work, Listener.NONE);
    }

    /**
     * @param who      names the work in logs and in the readiness report
     * @param listener told once when the work starts waiting and once when it went through again
     */
    public <T> T call(String who, Supplier<T> work, Listener listener) {
        int failures = 0;
        while (true) {
            try {
                T result = work.get();
                if (failures > 0) {
                    health.recovered(who);
                    listener.recovered();
                    LOG.infof("%s: went through again after %d transient failure(s)", who, failures);
                }
                return result;
            } catch (RuntimeException failure) {
                if (!TransientFailures.isTransient(failure)) {
                    if (failures > 0) {
                        health.recovered(who);
                        listener.recovered();
                    }
                    throw failure;
                }
                if (failures++ == 0) {
                    LOG.warnf("%s: waiting for a dependency, retrying with backoff: %s", who,
                            TransientFailures.describe(failure));
                    health.waiting(who, failure);
                    listener.waiting(failure);
                } else {
                    LOG.debugf("%s: still failing (attempt %d): %s", who, failures, TransientFailures.describe(failure));
                }
                pause(who, delay(failures));
            }
        }
    }

    /** The wait after the {@code failures}-th failure in a row: initial × 2^(n-1), at most max, part random. */
    Duration delay(int failures) {
        long initial = config.initialDelay().toMillis();
        long max = config.maxDelay().toMillis();
        long exponential = failures >= 31 ? max : Math.min(max, initial << Math.min(30, failures - 1));
        double jitter = Math.max(0, Math.min(1, config.jitter()));
        long random = (long) (exponential * jitter * ThreadLocalRandom.current().nextDouble());
        return Duration.ofMillis(exponential - random);
    }

    private void pause(String who, Duration delay) {
        if (stopping) {
            throw new Stopped(who);
        }
        try {
            Thread.sleep(delay.toMillis());
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new Stopped(who);
        }
    }
}
