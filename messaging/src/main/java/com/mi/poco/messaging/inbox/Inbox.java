package com.mi.poco.messaging.inbox;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.mi.poco.messaging.IncomingEvent;
import com.mi.poco.messaging.PoisonEventException;
import com.mi.poco.messaging.deadletters.DeadLetters;
import com.mi.poco.platform.faults.BatchOrEachAlone;
import com.mi.poco.platform.faults.ScheduledJob;
import com.mi.poco.platform.faults.TransientRetry;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
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
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.hibernate.Session;
import org.jboss.logging.Logger;

/**
 * The consuming side of "nothing twice": an event id is recorded in the same transaction as the
 * change it causes. Redelivery (a retry, a rebalance, a second instance) finds the id and does nothing.
 *
 * <p>And of "nothing lost": a failure is either transient or poison ({@link
 * com.mi.poco.platform.faults.TransientFailures}). A transient one (the database or the broker
 * down, a deadlock) is waited out: the batch is tried again with backoff, the channel's partitions
 * are paused meanwhile ({@link ChannelPauses}), readiness is DOWN, and no offset past the batch is
 * committed, because the handler has not returned. Only poison goes to the dead-letter topic.
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
    private final TransientRetry retry;
    private final ChannelPauses pauses;
    private final String service;
    private final java.time.Duration retention;

    public Inbox(EntityManager entityManager, ObjectMapper json, MeterRegistry metrics, DeadLetters deadLetters,
            TransientRetry retry, ChannelPauses pauses, @ConfigProperty(name = "quarkus.application.name") String service,
            @ConfigProperty(name = "inbox.retention", defaultValue = "P30D") java.time.Duration retention) {
        this.retention = retention;
        this.entityManager = entityManager;
        this.json = json;
        this.metrics = metrics;
        this.deadLetters = deadLetters;
        this.retry = retry;
        this.pauses = pauses;
        this.service = service;
    }

    /**
     * Forgets the events applied longer ago than {@code inbox.retention}: the inbox must remember an
     * event only for as long as it can be delivered again, that is the topic's retention (7 days by
     * default) plus the producer's outbox retention (7 days, {@code outbox.retention}), and the default
     * (30 days) is well past both. A full scan every 6 hours: no index on the time, so that claiming an
     * event, done for every event, does not pay for one. Answers how many were forgotten.
     */
    public int purgeProcessed() {
        int purged = QuarkusTransaction.requiringNew().call(() -> entityManager
                .createNativeQuery("DELETE FROM processed_event WHERE processed_at < now() - CAST(?1 AS interval)")
                .setParameter(1, retention.toSeconds() + " seconds")
                .executeUpdate());
        LOG.debugf("Forgot %d events applied more than %s ago", purged, retention);
        return purged;
    }

    @Scheduled(every = "6h", delayed = "10m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = WithoutSubscribers.class)
    void purgeOnSchedule() {
        ScheduledJob.run("purging the inbox", this::purgeProcessed);
    }

    public String consumer(Subscription<?> subscription) {
        return subscription.consumer(service);
    }

    /**
     * Applies a polled batch, all of it in one transaction: one commit and a few statements for
     * hundreds of events, where a commit and a few statements per event was what the machine spent
     * its time on. A record that is not a readable event of the subscription's type goes to the
     * dead-letter topic at once. The others are taken in key order, so that concurrent batches lock
     * the rows they share in the same order; their ids are claimed in the inbox, and the new ones go
     * to the handler. A transient failure is waited out. If the batch fails otherwise (a record the
     * handler refuses, a conflict), each record is applied again in a transaction of its own (again
     * waiting out transient failures), and one that fails alone goes to the dead-letter topic: the
     * others are applied, and the partition goes on. A record is judged on its last attempt.
     */
    public <T extends Record> void applyBatch(Subscription<T> subscription, ConsumerRecords<String, String> batch) {
        String consumer = consumer(subscription);
        metrics.summary("inbox.batch.records", "consumer", consumer).record(batch.count());
        List<ConsumerRecord<String, String>> records = new ArrayList<>(batch.count());
        batch.forEach(records::add);
        records.sort(KEY_ORDER);
        List<Delivery<T>> deliveries = new ArrayList<>(records.size());
        for (ConsumerRecord<String, String> record : records) {
            try {
                deliveries.add(new Delivery<>(record, read(subscription, record)));
            } catch (PoisonEventException poison) {
                deadLetters.add(consumer, subscription.channel(), record, poison);
            }
        }
        if (deliveries.isEmpty()) {
            return;
        }
        TransientRetry.Listener pausing = pauses.whileWaiting(subscription.channel());
        BatchOrEachAlone.apply(deliveries,
                some -> retry.call(consumer, () -> applyInOwnTransaction(consumer, some, subscription.handler()), pausing),
                applied -> { },
                batchFailed -> {
                    stopIfStopped(batchFailed);
                    LOG.debugf(batchFailed, "%s: a batch of %d failed; applying its records one by one", consumer,
                            deliveries.size());
                },
                (delivery, poison) -> {
                    stopIfStopped(poison);
                    deadLetters.add(consumer, subscription.channel(), delivery.record(), poison);
                });
    }

    /** Waiting out a transient failure was given up (the service stops): nothing more is applied or dead-lettered. */
    private static void stopIfStopped(RuntimeException failure) {
        if (failure instanceof TransientRetry.Stopped stopped) {
            throw stopped;
        }
    }

    /**
     * Applies one record again, as a replayed dead letter: the inbox decides whether it is new.
     * Answers whether it was applied now (false: it had been applied before); throws what it failed on.
     */
    public <T extends Record> boolean replay(Subscription<T> subscription, ConsumerRecord<String, String> record) {
        Delivery<T> delivery = new Delivery<>(record, read(subscription, record));
        return applyInOwnTransaction(consumer(subscription), List.of(delivery), subscription.handler()) == 1;
    }

    private <T extends Record> IncomingEvent<T> read(Subscription<T> subscription, ConsumerRecord<String, String> record) {
        return IncomingEvent.read(record, subscription.type(), subscription.payloadType(), json);
    }

    private <T extends Record> int applyInOwnTransaction(String consumer, List<Delivery<T>> deliveries,
            BatchHandler<T> handler) {
        int applied = QuarkusTransaction.requiringNew().call(() -> apply(consumer, deliveries, handler));
        count(consumer, deliveries.size(), applied);
        return applied;
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
            handler.apply(payloads);
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

    private record Delivery<T extends Record>(ConsumerRecord<String, String> record, IncomingEvent<T> event) {
    }
}
