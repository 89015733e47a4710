package com.mi.poco.platform.inbox;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.mi.poco.events.EventType;
import com.mi.poco.platform.messaging.DeadLetters;
import com.mi.poco.platform.messaging.IncomingEvent;
import com.mi.poco.platform.messaging.PoisonEventException;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.hibernate.Session;
import org.jboss.logging.Logger;

/**
 * The consuming side of "nothing twice": an event id is recorded in the same transaction as the
 * change it causes. Redelivery (a retry, a rebalance, a second instance) finds the id and does nothing.
 */
@ApplicationScoped
public class Inbox {

    /**
     * Records a batch's event ids in one statement and answers those that were new. Rows are inserted
     * in key order, so a concurrent delivery of the same events waits on the first row lock they share.
     */
    private static final String CLAIM = """
            INSERT INTO processed_event (consumer, event_id, processed_at)
            SELECT ?, e.event_id, now() FROM unnest(?::varchar[]) WITH ORDINALITY AS e(event_id, n) ORDER BY e.n
            ON CONFLICT DO NOTHING
            RETURNING event_id""";
    private static final Logger LOG = Logger.getLogger(Inbox.class);
    private static final Comparator<ConsumerRecord<String, String>> KEY_ORDER = Comparator
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
     * Applies a polled batch of {@code channel}, all of it in one transaction: one commit and a few
     * statements for hundreds of events, where a commit and a few statements per event was what the
     * machine spent its time on. A record that is not a readable event of {@code type} goes to the
     * channel's dead-letter topic at once. The others are taken in key order, so that concurrent
     * batches lock the rows they share in the same order; their ids are claimed in the inbox, and the
     * new ones go to {@code handler}. If the batch fails (a record the handler refuses, a conflict),
     * each record is applied again in a transaction of its own, and one that fails alone goes to the
     * dead-letter topic: the others are applied, and the partition goes on.
     */
    public <T extends Record> void applyBatch(String consumer, String channel, ConsumerRecords<String, String> batch,
            EventType type, Class<T> payloadType, BatchHandler<T> handler) {
        metrics.summary("inbox.batch.records", "consumer", consumer).record(batch.count());
        List<ConsumerRecord<String, String>> records = new ArrayList<>(batch.count());
        batch.forEach(records::add);
        records.sort(KEY_ORDER);
        List<Delivery<T>> deliveries = new ArrayList<>(records.size());
        for (ConsumerRecord<String, String> record : records) {
            try {
                deliveries.add(new Delivery<>(record, IncomingEvent.read(record, type, payloadType, json)));
            } catch (PoisonEventException poison) {
                deadLetter(consumer, channel, record, poison);
            }
        }
        try {
            count(consumer, deliveries.size(), QuarkusTransaction.requiringNew().call(() -> apply(consumer, deliveries, handler)));
        } catch (RuntimeException batchFailed) {
            LOG.debugf(batchFailed, "%s: a batch of %d failed; applying its records one by one", consumer, deliveries.size());
            for (Delivery<T> delivery : deliveries) {
                try {
                    count(consumer, 1, QuarkusTransaction.requiringNew().call(() -> apply(consumer, List.of(delivery), handler)));
                } catch (RuntimeException failed) {
                    deadLetter(consumer, channel, delivery.record(), failed);
                }
            }
        }
    }

    /** In the caller's transaction: claims the deliveries' event ids, applies the new ones; returns how many. */
    private <T extends Record> int apply(String consumer, List<Delivery<T>> deliveries, BatchHandler<T> handler) {
        Set<String> fresh = firstDeliveries(consumer, deliveries.stream().map(d -> d.event().id()).toList());
        List<T> payloads = new ArrayList<>(fresh.size());
        for (Delivery<T> delivery : deliveries) {
            // remove: an event the batch holds twice (sent again before its first ack) is applied once
            if (fresh.remove(delivery.event().id())) {
                payloads.add(delivery.event().payload());
            }
        }
        if (!payloads.isEmpty()) {
            BatchHandler.Apply<T> apply = handler.prepare(payloads);
            payloads.forEach(apply);
            apply.finish();
        }
        return payloads.size();
    }

    private Set<String> firstDeliveries(String consumer, List<String> eventIds) {
        return entityManager.unwrap(Session.class).doReturningWork(connection -> {
            try (PreparedStatement claim = connection.prepareStatement(CLAIM)) {
                claim.setString(1, consumer);
                claim.setArray(2, connection.createArrayOf("varchar", eventIds.toArray()));
                Set<String> fresh = new HashSet<>();
                try (ResultSet claimed = claim.executeQuery()) {
                    while (claimed.next()) {
                        fresh.add(claimed.getString(1));
                    }
                }
                return fresh;
            }
        });
    }

    /** Counted once committed, so a batch that failed and was applied again record by record counts once. */
    private void count(String consumer, int delivered, int applied) {
        metrics.counter("inbox.events.applied", "consumer", consumer).increment(applied);
        metrics.counter("inbox.events.duplicate", "consumer", consumer).increment(delivered - applied);
    }

    private void deadLetter(String consumer, String channel, ConsumerRecord<String, String> record, Exception reason) {
        LOG.warnf("%s: %s-%d@%d to the dead-letter topic: %s", consumer, record.topic(), record.partition(),
                record.offset(), reason.getMessage());
        deadLetters.send(channel, record, reason);
    }

    private record Delivery<T extends Record>(ConsumerRecord<String, String> record, IncomingEvent<T> event) {
    }
}
