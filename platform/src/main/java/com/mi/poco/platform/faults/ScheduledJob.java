package com.mi.poco.platform.faults;

import org.jboss.logging.Logger;

/**
 * One run of a scheduled job. A transient failure (its database away, the broker unreachable) is a
 * warning of one line and the job's next run tries again, as everything else in the platform waits
 * such faults out; the scheduler would log it as an error with its stack trace, every run for as long
 * as the outage lasts. Any other failure goes on to the scheduler, which reports it as the error it is.
 */
public final class ScheduledJob {

    private static final Logger LOG = Logger.getLogger(ScheduledJob.class);

    private ScheduledJob() {
    }

    /** Runs {@code work}; answers false if a transient failure cut it short (it is left to the next run). */
    public static boolean run(String job, Runnable work) {
        try {
            work.run();
            return true;
        } catch (RuntimeException failure) {
            if (!TransientFailures.isTransient(failure)) {
                throw failure;
            }
            LOG.warnf("%s: left to its next run, a dependency is unavailable: %s", job, TransientFailures.describe(failure));
            return false;
        }
    }
}
