package com.mi.poco.messaging.deadletters;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mi.poco.events.CloudEvents;
import com.mi.poco.messaging.IncomingEvent;
import com.mi.poco.messaging.PoisonEventException;
import com.mi.poco.platform.faults.TransientFailures;
import com.mi.poco.platform.faults.TransientRetry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.smallrye.reactive.messaging.kafka.KafkaClientService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.config.Config;
import org.jboss.logging.Logger;

/**
 * Where a record no handler could ever apply goes: to its channel's dead-letter topic
 * ({@code mp.messaging.incoming.<channel>.dead-letter-queue.topic}), as SmallRye's own DLQ would
 * send it (key, value and headers as received, plus {@code dead-letter-reason}, {@code -topic},
 * {@code -partition} and {@code -offset}), and into the service's {@code dead_letter} table, where
 * ops list and replay it ({@link DeadLetterQueue}). Both wait out transient failures: a record is
 * only let go (its offset committed) once it is dead-lettered for sure.
 */
@ApplicationScoped
public class DeadLetters {

    private static final Logger LOG = Logger.getLogger(DeadLetters.class);
    private static final Duration ACK_TIMEOUT = Duration.ofSeconds(30);
    private static final int MAX_REASON = 2000;
    private static final String UPSERT = """
            INSERT INTO dead_letter (consumer, channel, topic, partition_no, record_offset, event_id, event_type,
                subject, message_key, payload, headers, reason_kind, reason, first_seen, last_failed, attempts)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?14, 1)
            ON CONFLICT (consumer, topic, partition_no, record_offset) DO UPDATE
            SET reason_kind = excluded.reason_kind, reason = excluded.reason, last_failed = excluded.last_failed,
                attempts = dead_letter.attempts + 1, replayed_at = NULL""";

    private final KafkaClientService kafka;
    private final Config config;
    private final EntityManager entityManager;
    private final TransientRetry retry;
    private final ObjectMapper json;
    private final DeadLetterGauge gauge;

    public DeadLetters(KafkaClientService kafka, Config config, EntityManager entityManager, TransientRetry retry,
            ObjectMapper json, DeadLetterGauge gauge) {
        this.kafka = kafka;
        this.config = config;
        this.entityManager = entityManager;
        this.retry = retry;
        this.json = json;
        this.gauge = gauge;
    }

    public void add(String consumer, String channel, ConsumerRecord<String, String> record, Throwable reason) {
        String why = reason(reason);
        LOG.warnf("%s: %s-%d@%d is poison, to the dead letters (%s): %s", consumer, record.topic(), record.partition(),
                record.offset(), kindOf(reason), why);
        retry.call(consumer + " dead letters", () -> {
            send(channel, record, why);
            return null;
        });
        retry.call(consumer + " dead letters", () -> QuarkusTransaction.requiringNew().call(() -> store(consumer, channel,
                record, reason, why)));
        gauge.refresh();
    }

    private void send(String channel, ConsumerRecord<String, String> record, String reason) {
        String topic = config.getValue("mp.messaging.incoming." + channel + ".dead-letter-queue.topic", String.class);
        RecordHeaders headers = new RecordHeaders(record.headers().toArray());
        headers.add("dead-letter-reason", reason.getBytes(UTF_8));
        headers.add("dead-letter-topic", record.topic().getBytes(UTF_8));
        headers.add("dead-letter-partition", Integer.toString(record.partition()).getBytes(UTF_8));
        headers.add("dead-letter-offset", Long.toString(record.offset()).getBytes(UTF_8));
        kafka.<String, String>getProducer("outbox")
                .send(new ProducerRecord<>(topic, null, record.key(), record.value(), headers))
                .await().atMost(ACK_TIMEOUT);
    }

    private int store(String consumer, String channel, ConsumerRecord<String, String> record, Throwable reason,
            String why) {
        return entityManager.createNativeQuery(UPSERT)
                .setParameter(1, consumer)
                .setParameter(2, channel)
                .setParameter(3, record.topic())
                .setParameter(4, record.partition())
                .setParameter(5, record.offset())
                .setParameter(6, IncomingEvent.header(record, CloudEvents.ID))
                .setParameter(7, IncomingEvent.header(record, CloudEvents.TYPE))
                .setParameter(8, IncomingEvent.header(record, CloudEvents.SUBJECT))
                .setParameter(9, record.key())
                .setParameter(10, record.value())
                .setParameter(11, headers(record))
                .setParameter(12, kindOf(reason))
                .setParameter(13, why)
                .setParameter(14, Instant.now())
                .executeUpdate();
    }

    /**
     * A short, stable name for why a record is poison, to count and replay by: a poison event's own
     * kind, a database refusal's SQLSTATE ({@code sql-23505}), or else the innermost exception's class.
     */
    static String kindOf(Throwable reason) {
        for (Throwable cause = reason; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof PoisonEventException poison) {
                return poison.kind();
            }
            if (cause instanceof SQLException sql && sql.getSQLState() != null) {
                return "sql-" + sql.getSQLState();
            }
        }
        String root = TransientFailures.describe(reason);
        return root.substring(0, root.indexOf(':')).toLowerCase(java.util.Locale.ROOT);
    }

    static String reason(Throwable reason) {
        String message = reason instanceof PoisonEventException ? reason.getMessage() : TransientFailures.describe(reason);
        message = String.valueOf(message);
        return message.length() <= MAX_REASON ? message : message.substring(0, MAX_REASON) + "…";
    }

    private String headers(ConsumerRecord<String, String> record) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (Header header : record.headers()) {
            headers.put(header.key(), header.value() == null ? null : new String(header.value(), UTF_8));
        }
        try {
            return json.writeValueAsString(headers);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
