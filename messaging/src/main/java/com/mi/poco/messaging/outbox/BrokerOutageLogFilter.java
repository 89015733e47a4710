package com.mi.poco.messaging.outbox;

import com.mi.poco.platform.faults.TransientFailures;
import io.quarkus.logging.LoggingFilter;
import java.util.Set;
import java.util.logging.Filter;
import java.util.logging.LogRecord;
import org.jboss.logmanager.ExtLogRecord;

/**
 * Keeps out of the log the Kafka connector's two ERROR lines per outbox event the producer could not
 * deliver while the broker was away (SRMSG18206, then SRMSG18212 with a stack trace): a 20 s broker
 * outage during a migration wrote 1,000 of them for one batch of 500 events, each about an event
 * that was not lost. The relay keeps such events pending, sends them again, and says so itself, one
 * WARN per pause with the broker's error ({@link OutboxRelay}).
 *
 * <p>Only failures that pass by themselves ({@link TransientFailures}: Kafka's retriable errors,
 * time-outs) on the outbox channel are kept out; a send the broker refused for the event's own sake
 * (too large, a topic that is not allowed) is still logged by the connector, and by the relay when it
 * parks the event. Installed on the console handler by {@code quarkus.log.console.filter}.
 */
@LoggingFilter(name = BrokerOutageLogFilter.NAME)
public final class BrokerOutageLogFilter implements Filter {

    public static final String NAME = "outbox-broker-outage";
    private static final String CONNECTOR = "io.smallrye.reactive.messaging.kafka";
    /** "Unable to write to Kafka from channel outbox (topic: …)", "Message … from channel 'outbox' was not sent … - nacking". */
    private static final Set<String> SEND_FAILURES = Set.of("SRMSG18206", "SRMSG18212");
    private static final String CHANNEL = "outbox";

    @Override
    public boolean isLoggable(LogRecord record) {
        return !(isOutboxSendFailure(record) && TransientFailures.isTransient(record.getThrown()));
    }

    private static boolean isOutboxSendFailure(LogRecord record) {
        if (!CONNECTOR.equals(record.getLoggerName())) {
            return false;
        }
        String message = record instanceof ExtLogRecord formatted ? formatted.getFormattedMessage() : record.getMessage();
        return message != null && message.length() > 10 && SEND_FAILURES.contains(message.substring(0, 10))
                && (message.contains(" channel " + CHANNEL + " ") || message.contains(" channel '" + CHANNEL + "' "));
    }
}
