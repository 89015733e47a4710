package com.mi.poco.platform.inbox;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.mi.poco.events.EventType;
import com.mi.poco.platform.messaging.IncomingEvent;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;

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

    private final EntityManager entityManager;
    private final ObjectMapper json;
    private final MeterRegistry metrics;

    public Inbox(EntityManager entityManager, ObjectMapper json, MeterRegistry metrics) {
        this.entityManager = entityManager;
        this.json = json;
        this.metrics = metrics;
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
