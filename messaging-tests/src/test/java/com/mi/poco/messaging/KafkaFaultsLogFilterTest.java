package com.mi.poco.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;

/**
 * What the console keeps of Kafka's lines about faults ridden out by design: the outbox's sends a broker
 * outage failed are left out; a consumer's commits refused after its group went on without it are warnings.
 */
class KafkaFaultsLogFilterTest {

    private static final String UNABLE = "SRMSG18206: Unable to write to Kafka from channel %s (topic: account-migrated)";
    private static final String NACKED = "SRMSG18212: Message Message$5@243b0c3d from channel '%s' was not sent to Kafka"
            + " topic 'account-migrated' - nacking message";

    private static final String COORDINATOR = "org.apache.kafka.clients.consumer.internals.ConsumerCoordinator";
    private static final String COMMIT_FAILED = "[Consumer clientId=kafka-consumer-coupon-reissued, groupId=account-service]"
            + " Offset commit failed on partition coupon-reissued-1 at offset 577: ";

    private final KafkaFaultsLogFilter filter = new KafkaFaultsLogFilter();

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

    /** The four lines of one consumer waking after its session expired (a fault run with 60 s freezes). */
    @Test
    void aCommitRefusedToAConsumerTheGroupWentOnWithoutIsAWarningWithoutItsStackTrace() {
        CommitFailedException refused = new CommitFailedException();
        List<LogRecord> fenced = List.of(
                record(Level.SEVERE, COORDINATOR, COMMIT_FAILED + "The coordinator is not aware of this member.", null),
                record(Level.SEVERE, COORDINATOR, COMMIT_FAILED + "Specified group generation id is not valid.", null),
                record(Level.WARNING, "io.smallrye.reactive.messaging.kafka", "SRMSG18252: Failed to commit {coupon-reissued-1=...}",
                        refused),
                record(Level.SEVERE, "io.smallrye.reactive.messaging.kafka", "SRMSG18222: Unable to execute consumer revoked"
                        + " re-balance listener for group 'account-service'", refused),
                record(Level.SEVERE, "org.apache.kafka.clients.consumer.internals.ConsumerRebalanceListenerInvoker",
                        "User provided listener failed on invocation of onPartitionsLost", new IllegalStateException(refused)));
        for (LogRecord line : fenced) {
            assertTrue(filter.isLoggable(line), line.getMessage());
            assertEquals(org.jboss.logmanager.Level.WARN, line.getLevel(), line.getMessage());
            assertNull(line.getThrown(), line.getMessage());
        }
    }

    @Test
    void anotherCommitFailureOrAnotherLoggersErrorStaysAnError() {
        LogRecord denied = record(Level.SEVERE, COORDINATOR, COMMIT_FAILED + "Not authorized to access group: account-service",
                new GroupAuthorizationException("account-service"));
        LogRecord elsewhere = record(Level.SEVERE, "com.example.SomethingElse", "a commit failed", new CommitFailedException());
        for (LogRecord line : List.of(denied, elsewhere)) {
            assertTrue(filter.isLoggable(line));
            assertEquals(Level.SEVERE, line.getLevel());
            assertNotNull(line.getThrown());
        }
    }

    private static LogRecord record(Level level, String logger, String message, Throwable thrown) {
        LogRecord record = new LogRecord(level, message);
        record.setLoggerName(logger);
        record.setThrown(thrown);
        return record;
    }

    private static LogRecord connector(String message, Throwable thrown) {
        LogRecord record = new LogRecord(Level.SEVERE, message);
        record.setLoggerName("io.smallrye.reactive.messaging.kafka");
        record.setThrown(thrown);
        return record;
    }
}
