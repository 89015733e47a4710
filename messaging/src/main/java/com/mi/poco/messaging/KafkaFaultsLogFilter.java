package com.mi.poco.messaging;

import com.mi.poco.platform.faults.TransientFailures;
import io.quarkus.logging.LoggingFilter;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;
import java.util.logging.Filter;
import java.util.logging.LogRecord;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.jboss.logmanager.ExtLogRecord;
import org.jboss.logmanager.Level;

/**
 * What the console log keeps of the lines Kafka's clients and the Kafka connector write about faults the
 * platform rides out by design, so that an ERROR line still means someone must look. Installed on the
 * console handler by {@code quarkus.log.console.filter}; two rules.
 *
 * <p><b>An outbox event the broker could not take while it was away</b> is left out: the connector
 * writes two ERROR lines per such event (SRMSG18206, then SRMSG18212 with a stack trace), and a 20 s
 * broker outage during a migration wrote 1,000 of them for one batch of 500 events, each about an event
 * that was not lost. The relay keeps such events pending, sends them again, and says so itself, one WARN
 * per pause with the broker's error ({@code OutboxRelay}). Only failures that pass by themselves
 * ({@link TransientFailures}: Kafka's retriable errors, time-outs) are left out; a send the broker
 * refused for the event's own sake (too large, a topic that is not allowed) is still logged by the
 * connector, and by the relay when it parks the event.
 *
 * <p><b>A consumer whose group went on without it</b> is written as WARN, without stack traces. A
 * consumer that hung longer than its session (a long pause, a stalled machine: {@code freeze:} in
 * bench/faults.sh) has had its partitions given to the group's other members; when it wakes, the commit
 * of what it had processed is refused. Kafka writes that as an ERROR per partition ("The coordinator is
 * not aware of this member"), the connector as a WARN and an ERROR, and Kafka again as an ERROR for the
 * connector's revoked-partitions listener, the last three with one stack trace each: about 100 lines per
 * consumer, 23 ERROR lines in a fault run of 60 s freezes. Nothing is lost: what was not committed is
 * delivered again to whoever has the partitions now and applied once by the inbox, and the member joins
 * the group again. The lines stay, as warnings: the group's rebalance is worth knowing of.
 */
@LoggingFilter(name = KafkaFaultsLogFilter.NAME)
public final class KafkaFaultsLogFilter implements Filter {

    public static final String NAME = "kafka-faults";
    private static final String CONNECTOR = "io.smallrye.reactive.messaging.kafka";
    /** "Unable to write to Kafka from channel outbox (topic: …)", "Message … from channel 'outbox' was not sent … - nacking". */
    private static final Set<String> SEND_FAILURES = Set.of("SRMSG18206", "SRMSG18212");
    private static final String OUTBOX = "outbox";
    private static final String CONSUMER_CLIENT = "org.apache.kafka.clients.consumer.";
    private static final String COORDINATOR = "org.apache.kafka.clients.consumer.internals.ConsumerCoordinator";
    /** Kafka's own words for a commit refused to a member the group no longer has (UNKNOWN_MEMBER_ID, ILLEGAL_GENERATION). */
    private static final Set<String> NOT_A_MEMBER = Set.of("The coordinator is not aware of this member.",
            "Specified group generation id is not valid.");

    @Override
    public boolean isLoggable(LogRecord record) {
        if (isUndeliveredOutboxEvent(record)) {
            return false;
        }
        if (isCommitOfAConsumerTheGroupWentOnWithout(record)) {
            if (record.getLevel().intValue() > Level.WARN.intValue()) {
                record.setLevel(Level.WARN);
            }
            record.setThrown(null);
        }
        return true;
    }

    private static boolean isUndeliveredOutboxEvent(LogRecord record) {
        if (!CONNECTOR.equals(record.getLoggerName())) {
            return false;
        }
        String message = message(record);
        return message.length() > 10 && SEND_FAILURES.contains(message.substring(0, 10))
                && (message.contains(" channel " + OUTBOX + " ") || message.contains(" channel '" + OUTBOX + "' "))
                && TransientFailures.isTransient(record.getThrown());
    }

    private static boolean isCommitOfAConsumerTheGroupWentOnWithout(LogRecord record) {
        String logger = record.getLoggerName();
        if (logger == null || !(logger.equals(CONNECTOR) || logger.startsWith(CONSUMER_CLIENT))) {
            return false;
        }
        if (causedBy(record.getThrown(), CommitFailedException.class)) {
            return true;
        }
        String message = message(record);
        return logger.equals(COORDINATOR) && message.contains("Offset commit failed on partition")
                && NOT_A_MEMBER.stream().anyMatch(message::endsWith);
    }

    private static boolean causedBy(Throwable failure, Class<? extends Throwable> kind) {
        Map<Throwable, Boolean> seen = new IdentityHashMap<>();
        for (Throwable cause = failure; cause != null && seen.put(cause, Boolean.TRUE) == null; cause = cause.getCause()) {
            if (kind.isInstance(cause)) {
                return true;
            }
        }
        return false;
    }

    private static String message(LogRecord record) {
        String message = record instanceof ExtLogRecord formatted ? formatted.getFormattedMessage() : record.getMessage();
        return message == null ? "" : message;
    }
}
