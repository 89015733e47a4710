package com.mi.poco.platform.faults;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** A scheduled job's run waits out a transient failure until its next run, and reports anything else. */
class ScheduledJobTest {

    @Test
    void aRunThatCompletesSaysSo() {
        AtomicBoolean ran = new AtomicBoolean();
        assertTrue(ScheduledJob.run("job", () -> ran.set(true)));
        assertTrue(ran.get());
    }

    @Test
    void aDatabaseAwayLeavesTheWorkToTheNextRun() {
        SQLException refused = new SQLException("database \"poco_account\" is not currently accepting connections", "55000");
        assertFalse(ScheduledJob.run("job", () -> {
            throw new IllegalStateException("Unable to acquire JDBC Connection", refused);
        }));
    }

    @Test
    void anyOtherFailureGoesOnToTheScheduler() {
        IllegalStateException bug = new IllegalStateException("a bug", new SQLException("syntax error", "42601"));
        assertSame(bug, assertThrows(IllegalStateException.class, () -> ScheduledJob.run("job", () -> {
            throw bug;
        })));
    }
}
