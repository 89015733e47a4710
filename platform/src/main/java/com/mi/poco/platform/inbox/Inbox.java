package com.mi.poco.platform.inbox;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.mi.poco.events.EventType;
import com.mi.poco.platform.messaging.DeadLetters;
import com.mi.poco.platform.messaging.IncomingEvent;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.jboss.logging.Logger;

/**
 * The consuming side of "nothing twice": an event id is recorded in the same transaction as the
 * change it causes. Redelivery (a retry, a rebalance, a second instance) finds the id and does nothing.
 */
@ApplicationScoped
public class Inbox {

    private static final String RECORD = """
            INSERT INTO processed_event (consumer, event_id, processed_at)
            VALUES (:consumer, :eventId, now())
            ON CONFLICT DO NOTHING""";
    private static final Logger LOG = Logger.getLogger(Inbox.class);
    private static final Comparator<ConsumerRecord<String, String>> LOCK_ORDER = Comparator
            .comparing((ConsumerRecord<String, String> r) -> r.key(), Comparator.nullsFirst(Comparator.naturalOrder()))
            .thenComparingInt(ConsumerRecord::partition)
            .thenComparingLong(ConsumerRecord::offset);

    private final EntityManager entityManager;
    private final ObjectMapper json;
    private final MeterRegistry metrics;
    private final DeadLetters deadLetters;

    public Inbox(EntityManager entityManager, ObjectMapper json, MeterRegistry metrics, DeadLetters deadLetters) {
        this.entityManager = entityManager;
        this.json = json;
        this.metrics = metrics;
        this.deadLetters = deadLetters;
    }

    /**
     * Applies a polled batch of {@code channel} with {@link #applyOnce}, all of it in one transaction:
     * one commit for hundreds of events, where a commit per event was what the machine spent its time
     * on. Records are taken in key order, so that concurrent batches lock the rows they share in the
     * same order. If the batch fails (a poison record, a conflict), each record is applied again in a
     * transaction of its own, and one that fails alone goes to the channel's dead-letter topic: the
     * others are applied, and the partition goes on.
     */
    public <T extends Record> void applyBatch(String consumer, String channel, ConsumerRecords<String, String> batch,
            EventType type, Class<T> payloadType, Consumer<T> apply) {
        List<ConsumerRecord<String, String>> records = new ArrayList<>(batch.count());
        batch.forEach(records::add);
        records.sort(LOCK_ORDER);
        try {
            QuarkusTransaction.requiringNew().run(() -> records.forEach(record -> {
                applyOnce(consumer, record, type, payloadType, apply);
                // each record starts with an empty persistence context: otherwise every query's
                // auto-flush dirty-checks all the batch's entities so far (quadratic; JFR showed it)
                entityManager.flush();
                entityManager.clear();
            }));
        } catch (RuntimeException batchFailed) {
            for (ConsumerRecord<String, String> record : records) {
                try {
                    QuarkusTransaction.requiringNew().run(() -> applyOnce(consumer, record, type, payloadType, apply));
                } catch (RuntimeException failed) {
                    LOG.warnf("%s: %s-%d@%d to the dead-letter topic: %s", consumer, record.topic(), record.partition(),
                            record.offset(), failed.getMessage());
                    deadLetters.send(channel, record, failed);
                }
            }
        }
    }

    /**
     * Reads {@code record} as an event of {@code type} (a malformed one is a
     * {@link com.mi.poco.platform.messaging.PoisonEventException}, bound for the DLQ) and applies its
     * payload, unless {@code consumer} already applied this event id. Returns whether it applied it.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public <T extends Record> boolean applyOnce(String consumer, ConsumerRecord<String, String> record,
            EventType type, Class<T> payloadType, Consumer<T> apply) {
        IncomingEvent<T> event = IncomingEvent.read(record, type, payloadType, json);
        if (!firstDelivery(consumer, event.id())) {
            metrics.counter("inbox.events.duplicate", "consumer", consumer).increment();
            return false;
        }
        apply.accept(event.payload());
        metrics.counter("inbox.events.applied", "consumer", consumer).increment();
        return true;
    }

    /**
     * Records that {@code consumer} is applying {@code eventId}; false if it already did (then the
     * caller must change nothing). Inserting first makes concurrent deliveries wait on the row lock.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean firstDelivery(String consumer, String eventId) {
        return entityManager.createNativeQuery(RECORD)
                .setParameter("consumer", consumer)
                .setParameter("eventId", eventId)
                .executeUpdate() == 1;
    }
}
