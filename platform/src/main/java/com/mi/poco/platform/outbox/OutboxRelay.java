package com.mi.poco.platform.outbox;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.mi.poco.events.CloudEvents;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.reactive.messaging.kafka.Record;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;
import org.hibernate.Session;
import org.jboss.logging.Logger;

/**
 * Publishes pending outbox events: takes a batch (skipping rows another instance holds), sends it,
 * waits for every ack, then marks the batch published in the same transaction. A failed or timed-out
 * send rolls the batch back to pending, so it is sent again: at least once, with the same
 * {@code ce_id}, which consumers deduplicate on.
 *
 * <p>The relay runs on its own thread: woken when a transaction that recorded events commits, and
 * polling every {@code outbox.poll-interval} for events nobody woke it for (written before a
 * restart, or left by a failed send).
 *
 * <p>Several instances may relay at once: {@code FOR UPDATE SKIP LOCKED} gives each a disjoint batch.
 *
 * <p>It looks for pending events from {@code outbox.scan-window} before the newest one it relayed,
 * not from the start of the pending index, and from the start only every {@code
 * outbox.full-scan-interval}: without vacuum (this machine's server runs with autovacuum off) the
 * index keeps an entry for every event ever published, and a scan from its start read all of them,
 * 5,300 pages and 40 ms per batch once a million events had gone through.
 */
@ApplicationScoped
public class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);

    private static final String PENDING = """
            SELECT id, topic, message_key, type, subject, payload, created_at FROM outbox_event
            WHERE published_at IS NULL AND created_at >= ?
            ORDER BY created_at, id
            LIMIT ?
            FOR UPDATE SKIP LOCKED""";
    private static final String PUBLISHED = "UPDATE outbox_event SET published_at = ? WHERE id = ANY (?)";

    private final Emitter<Record<String, String>> emitter;
    private final EntityManager entityManager;
    private final OutboxConfig config;
    private final MeterRegistry metrics;
    private final String source;
    private final Semaphore wakeUps = new Semaphore(0);
    /** Only the relay thread reads and moves these. */
    private Instant newestRelayed = Instant.EPOCH;
    private long lastFullScan = System.nanoTime();
    private volatile boolean running;
    private Thread thread;

    public OutboxRelay(
            @Channel("outbox") @OnOverflow(OnOverflow.Strategy.UNBOUNDED_BUFFER) Emitter<Record<String, String>> emitter,
            EntityManager entityManager,
            OutboxConfig config,
            MeterRegistry metrics,
            @ConfigProperty(name = "quarkus.application.name") String service) {
        this.emitter = emitter;
        this.entityManager = entityManager;
        this.config = config;
        this.metrics = metrics;
        this.source = CloudEvents.source(service);
    }

    /** Starts relaying once messaging is wired (it observes start-up before the application does). */
    void start(@Observes StartupEvent startup) {
        running = true;
        thread = new Thread(this::relayUntilStopped, "outbox-relay");
        thread.start();
    }

    void stop(@Observes ShutdownEvent shutdown) throws InterruptedException {
        running = false;
        wakeUp();
        if (thread != null) {
            thread.join(config.sendTimeout().toMillis());
        }
    }

    /** A transaction that recorded events committed: publish them now rather than at the next poll. */
    void wakeUp() {
        wakeUps.release();
    }

    private void relayUntilStopped() {
        while (running) {
            Duration pause = config.pollInterval();
            try {
                if (relayOnce() == config.batchSize()) {
                    continue;
                }
            } catch (RuntimeException failure) {
                metrics.counter("outbox.relay.failures").increment();
                LOG.warnf("Outbox relay paused, pending events stay pending and are retried in %s: %s",
                        config.retryInterval(), rootMessage(failure));
                pause = config.retryInterval();
            }
            awaitWakeUp(pause);
        }
    }

    /** Publishes one batch in its own transaction; returns how many events it sent. */
    int relayOnce() {
        Instant since = scanFrom();
        List<Instant> relayed = QuarkusTransaction.requiringNew()
                .timeout((int) config.sendTimeout().multipliedBy(2).toSeconds())
                .call(() -> publishBatch(since));
        relayed.stream().max(Instant::compareTo)
                .filter(newest -> newest.isAfter(newestRelayed))
                .ifPresent(newest -> newestRelayed = newest);
        return relayed.size();
    }

    /** Shortly before the newest event relayed, or from the start when a full scan is due. */
    private Instant scanFrom() {
        if (System.nanoTime() - lastFullScan >= config.fullScanInterval().toNanos()) {
            lastFullScan = System.nanoTime();
            return Instant.EPOCH;
        }
        return newestRelayed.minus(config.scanWindow());
    }

    private void awaitWakeUp(Duration pause) {
        try {
            if (wakeUps.tryAcquire(pause.toMillis(), TimeUnit.MILLISECONDS)) {
                wakeUps.drainPermits();
            }
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    @Scheduled(every = "1h", delayed = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void purgePublished() {
        int purged = QuarkusTransaction.requiringNew().call(() -> entityManager
                .createQuery("DELETE FROM OutboxEvent WHERE publishedAt < :before")
                .setParameter("before", Instant.now().minus(config.retention()))
                .executeUpdate());
        LOG.debugf("Purged %d published outbox events", purged);
    }

    /** Sends the pending events created since {@code since}, a batch of them; answers their creation times. */
    private List<Instant> publishBatch(Instant since) {
        List<OutboxEvent> batch = pending(since);
        if (batch.isEmpty()) {
            return List.of();
        }
        CompletableFuture<?>[] acks = batch.stream().map(this::send).toArray(CompletableFuture[]::new);
        awaitAcks(CompletableFuture.allOf(acks));
        markPublished(batch);
        batch.forEach(e -> metrics.counter("outbox.events.published", "topic", e.topic).increment());
        return batch.stream().map(e -> e.createdAt).toList();
    }

    /** In plain JDBC: the rows are only read, and the persistence context's work for each was wasted. */
    private List<OutboxEvent> pending(Instant since) {
        return entityManager.unwrap(Session.class).doReturningWork(connection -> {
            try (PreparedStatement pending = connection.prepareStatement(PENDING)) {
                pending.setObject(1, since.atOffset(ZoneOffset.UTC));
                pending.setInt(2, config.batchSize());
                List<OutboxEvent> batch = new ArrayList<>(config.batchSize());
                try (ResultSet rows = pending.executeQuery()) {
                    while (rows.next()) {
                        OutboxEvent event = new OutboxEvent();
                        event.id = rows.getObject(1, UUID.class);
                        event.topic = rows.getString(2);
                        event.key = rows.getString(3);
                        event.type = rows.getString(4);
                        event.subject = rows.getString(5);
                        event.payload = rows.getString(6);
                        event.createdAt = rows.getObject(7, OffsetDateTime.class).toInstant();
                        batch.add(event);
                    }
                }
                return batch;
            }
        });
    }

    private void markPublished(List<OutboxEvent> batch) {
        entityManager.unwrap(Session.class).doWork(connection -> {
            try (PreparedStatement published = connection.prepareStatement(PUBLISHED)) {
                published.setObject(1, OffsetDateTime.now(ZoneOffset.UTC));
                published.setArray(2, connection.createArrayOf("uuid", batch.stream().map(e -> e.id).toArray()));
                published.executeUpdate();
            }
        });
    }

    private CompletableFuture<Void> send(OutboxEvent event) {
        CompletableFuture<Void> ack = new CompletableFuture<>();
        RecordHeaders headers = new RecordHeaders();
        headers.add(CloudEvents.ID, event.id.toString().getBytes(UTF_8));
        headers.add(CloudEvents.SPECVERSION, CloudEvents.SPEC_VERSION.getBytes(UTF_8));
        headers.add(CloudEvents.TYPE, event.type.getBytes(UTF_8));
        headers.add(CloudEvents.SOURCE, source.getBytes(UTF_8));
        headers.add(CloudEvents.TIME, DateTimeFormatter.ISO_INSTANT.format(event.createdAt).getBytes(UTF_8));
        headers.add(CloudEvents.CONTENT_TYPE_HEADER, CloudEvents.CONTENT_TYPE.getBytes(UTF_8));
        if (event.subject != null) {
            headers.add(CloudEvents.SUBJECT, event.subject.getBytes(UTF_8));
        }
        OutgoingKafkaRecordMetadata<String> kafka = OutgoingKafkaRecordMetadata.<String>builder()
                .withTopic(event.topic)
                .withKey(event.key)
                .withHeaders(headers)
                .build();
        emitter.send(Message.of(Record.of(event.key, event.payload), Metadata.of(kafka),
                () -> {
                    ack.complete(null);
                    return CompletableFuture.completedFuture(null);
                },
                failure -> {
                    ack.completeExceptionally(failure);
                    return CompletableFuture.completedFuture(null);
                }));
        return ack;
    }

    private void awaitAcks(CompletableFuture<Void> all) {
        try {
            all.get(config.sendTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException failed) {
            throw new IllegalStateException("Kafka did not acknowledge the batch: " + rootMessage(failed), failed);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for Kafka", interrupted);
        }
    }

    private static String rootMessage(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }
}
