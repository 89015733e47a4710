package com.mi.poco.messaging;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mi.poco.messaging.outbox.BrokerOutageLogFilter;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;

/** Which of the Kafka connector's lines the console leaves out: only the outbox's sends a broker outage failed. */
class BrokerOutageLogFilterTest {

    private static final String UNABLE = "SRMSG18206: Unable to write to Kafka from channel %s (topic: account-migrated)";
    private static final String NACKED = "SRMSG18212: Message Message$5@243b0c3d from channel '%s' was not sent to Kafka"
            + " topic 'account-migrated' - nacking message";

    private final BrokerOutageLogFilter filter = new BrokerOutageLogFilter();

    @Test
    void anOutboxSendTheBrokerOutageFailedIsLeftOut() {
        assertFalse(filter.isLoggable(connector(UNABLE.formatted("outbox"), new TimeoutException("Expiring 91 record(s)"))));
        assertFalse(filter.isLoggable(connector(NACKED.formatted("outbox"),
                new IllegalStateException("Retries exhausted", new TimeoutException("Expiring 91 record(s)")))));
    }

    @Test
    void aSendTheBrokerRefusedForTheEventsOwnSakeIsStillLogged() {
        assertTrue(filter.isLoggable(connector(UNABLE.formatted("outbox"), new RecordTooLargeException("too large"))));
        assertTrue(filter.isLoggable(connector(NACKED.formatted("outbox"), new IllegalStateException("a bug"))));
    }

    @Test
    void otherChannelsAndOtherLoggersAreNotTouched() {
        assertTrue(filter.isLoggable(connector(UNABLE.formatted("outbox-copy"), new TimeoutException("Expiring"))));
        assertTrue(filter.isLoggable(connector(UNABLE.formatted("points"), new TimeoutException("Expiring"))));
        LogRecord elsewhere = connector(UNABLE.formatted("outbox"), new TimeoutException("Expiring"));
        elsewhere.setLoggerName("com.example.SomethingElse");
        assertTrue(filter.isLoggable(elsewhere));
    }

    private static LogRecord connector(String message, Throwable thrown) {
        LogRecord record = new LogRecord(Level.SEVERE, message);
        record.setLoggerName("io.smallrye.reactive.messaging.kafka");
        record.setThrown(thrown);
        return record;
    }
}
