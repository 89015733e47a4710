package com.mi.poco.web;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.Test;

/**
 * A DOWN report is logged when what is down changes, and again once a minute while it stays so; the
 * same report probe after probe is not; nothing else SmallRye Health logs is touched.
 */
class HealthDownLogTest {

    private final AtomicLong now = new AtomicLong();
    private final HealthDownLog filter = new HealthDownLog(now::get);

    @Test
    void theSameChecksDownAreLoggedOnceAMinute() {
        assertTrue(filter.isLoggable(down("database", "UP", "broker", "DOWN")));
        for (int probe = 0; probe < 100; probe++) {
            now.addAndGet(50_000_000); // a probe each 50 ms, as bin/stack's
            assertFalse(filter.isLoggable(down("database", "UP", "broker", "DOWN")), "probe " + probe);
        }
        now.set(HealthDownLog.AGAIN_AFTER.toNanos());
        assertTrue(filter.isLoggable(down("database", "UP", "broker", "DOWN")));
        assertFalse(filter.isLoggable(down("database", "UP", "broker", "DOWN")));
    }

    @Test
    void aChangeInWhatIsDownIsLoggedAtOnce() {
        assertTrue(filter.isLoggable(down("database", "DOWN", "broker", "UP")));
        assertTrue(filter.isLoggable(down("database", "DOWN", "broker", "DOWN")));
        assertTrue(filter.isLoggable(down("database", "UP", "broker", "DOWN")));
        assertFalse(filter.isLoggable(down("database", "UP", "broker", "DOWN")));
        assertTrue(filter.isLoggable(down("database", "DOWN", "broker", "UP")));
    }

    @Test
    void whatTheChecksSayBesideTheirStatusIsNoChange() {
        // the gateway's warm-up counts its requests in its check's data: each probe's document differs
        assertTrue(filter.isLoggable(report("{\"name\":\"warm-up\",\"status\":\"DOWN\",\"data\":{\"requests\":10}}")));
        assertFalse(filter.isLoggable(report("{\"name\":\"warm-up\",\"status\":\"DOWN\",\"data\":{\"requests\":900}}")));
    }

    @Test
    void otherLinesOfSmallRyeHealthPass() {
        LogRecord other = new ExtLogRecord(Level.WARNING, "SRHCK01000: Error processing Health Checks", HealthDownLog.LOGGER);
        assertTrue(filter.isLoggable(other));
        assertTrue(filter.isLoggable(other));
    }

    private static LogRecord down(String first, String firstStatus, String second, String secondStatus) {
        return report("{\"name\":\"" + first + "\",\"status\":\"" + firstStatus + "\"},{\"name\":\"" + second
                + "\",\"status\":\"" + secondStatus + "\"}");
    }

    /** The record as SmallRye Health logs it: a format and the document as its parameter. */
    private static LogRecord report(String checks) {
        ExtLogRecord record = new ExtLogRecord(Level.INFO, "SRHCK01001: Reporting health down status: %s",
                ExtLogRecord.FormatStyle.PRINTF, HealthDownLog.LOGGER);
        record.setParameters(new Object[] {"{\"status\":\"DOWN\",\"checks\":[" + checks + "]}"});
        return record;
    }
}
