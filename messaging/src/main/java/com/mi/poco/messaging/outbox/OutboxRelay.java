package com.mi.poco.messaging.outbox;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.mi.poco.events.CloudEvents;
import com.mi.poco.platform.faults.DependencyHealth;
import com.mi.poco.platform.faults.ScheduledJob;
import com.mi.poco.platform.faults.TransientFailures;
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
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
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
    private static final String RELAY = "outbox relay";

    private static final String PENDING = """
            SELECT id, topic, message_key, type, subject, payload, created_at FROM outbox_event
            WHERE published_at IS NULL AND parked_at IS NULL AND created_at >= ?
            ORDER BY created_at, id
            LIMIT ?
            FOR UPDATE SKIP LOCKED""";
    private static final String PUBLISHED = "UPDATE outbox_event SET published_at = ? WHERE id = ANY (?)";
    private static final String REFUSED = """
            UPDATE outbox_event SET attempts = attempts + 1, last_error = ?,
                parked_at = CASE WHEN attempts + 1 >= ? THEN clock_timestamp() END
            WHERE id = ? RETURNING parked_at IS NOT NULL""";

    private final Emitter<Record<String, String>> emitter;
    private final EntityManager entityManager;
    private final OutboxConfig config;
    private final MeterRegistry metrics;
    private final String source;
    private final DependencyHealth health;
    private final Semaphore wakeUps = new Semaphore(0);
    /** Only the relay thread reads and moves these. */
    private Instant newestRelayed = Instant.EPOCH;
    private long lastFullScan = System.nanoTime();
    /** Where the full scan under way goes on from; null when none is. */
    private Instant fullScanFrom;
    private volatile boolean running;
    private Thread thread;

    public OutboxRelay(
            @Channel("outbox") @OnOverflow(OnOverflow.Strategy.UNBOUNDED_BUFFER) Emitter<Record<String, String>> emitter,
            EntityManager entityManager,
            OutboxConfig config,
            MeterRegistry metrics,
            @ConfigProperty(name = "quarkus.application.name") String service,
            DependencyHealth health) {
        this.health = health;
        this.emitter = emitter;
        this.entityManager = entityManager;
        this.config = config;
        this.metrics = metrics;
        this.source = CloudEvents.source(service);
    }

    /** Starts relaying once messaging is wired (it observes start-up before the application does). */
    void start(@Observes StartupEvent startup) {
        running = true;
        startThread();
    }

    private synchronized void startThread() {
        thread = new Thread(this::relayUntilStopped, "outbox-relay");
        thread.start();
    }

    /**
     * The relay thread must not end while the service runs: whatever ended it (an {@code Error}, a bug),
     * readiness says so and a new thread takes over. Pending events wait meanwhile, nothing is lost.
     */
    @Scheduled(every = "${outbox.supervision-interval:5s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    synchronized void superviseThread() {
        if (running && thread != null && !thread.isAlive()) {
            LOG.error("The outbox relay thread ended; starting a new one");
            health.waiting(RELAY, new IllegalStateException("the relay thread ended and was restarted"));
            metrics.counter("outbox.relay.restarts").increment();
            startThread();
        }
    }

    /** Whether the relay thread runs (for tests and health). */
    public boolean relaying() {
        Thread current = thread;
        return current != null && current.isAlive();
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
                Relayed relayed = relayOnce();
                if (relayed.brokerUnavailable() != null) {
                    throw relayed.brokerUnavailable();
                }
                health.recovered(RELAY);
                if (relayed.full()) {
                    continue;
                }
            } catch (Error fatal) {
                health.waiting(RELAY, fatal);
                throw fatal; // superviseThread starts a new thread
            } catch (RuntimeException failure) {
                metrics.counter("outbox.relay.failures").increment();
                health.waiting(RELAY, failure);
                LOG.warnf("Outbox relay paused, pending events stay pending and are retried in %s: %s",
                        config.retryInterval(), TransientFailures.describe(failure));
                pause = config.retryInterval();
            }
            awaitWakeUp(pause);
        }
    }

    /** What one relay transaction did: whether its batch was full, and the broker's failure if it was down. */
    record Relayed(boolean full, RuntimeException brokerUnavailable) {
    }

    /** Publishes one batch in its own transaction. */
    Relayed relayOnce() {
        Instant since = scanFrom();
        Batch batch = QuarkusTransaction.requiringNew()
                .timeout((int) config.sendTimeout().multipliedBy(2).toSeconds())
                .call(() -> publishBatch(since));
        batch.newest().filter(newest -> newest.isAfter(newestRelayed)).ifPresent(newest -> newestRelayed = newest);
        boolean full = batch.size() == config.batchSize();
        if (fullScanFrom != null) {
            // a full scan goes on from where its last batch ended until it has seen every pending event
            fullScanFrom = full ? batch.newest().orElse(fullScanFrom) : null;
        }
        return new Relayed(full, batch.brokerUnavailable());
    }

    /**
     * Shortly before the newest event relayed; from the start when a full scan is due, and from where
     * the full scan's last batch ended while it goes on. The times compared are the database's
     * ({@code created_at} is its clock at commit), so instances need not agree on the time.
     */
    private Instant scanFrom() {
        if (fullScanFrom == null && System.nanoTime() - lastFullScan >= config.fullScanInterval().toNanos()) {
            lastFullScan = System.nanoTime();
            fullScanFrom = Instant.EPOCH;
        }
        return fullScanFrom != null ? fullScanFrom : newestRelayed.minus(config.scanWindow());
    }

    private void awaitWakeUp(Duration pause) {
        try {
            if (wakeUps.tryAcquire(pause.toMillis(), TimeUnit.MILLISECONDS)) {
                wakeUps.drainPermits();
            }
        } catch (InterruptedException interrupted) {
            // only stop() ends the relay (it clears running); an interrupt from anywhere else is ignored
            LOG.debug("Outbox relay interrupted while waiting; it goes on");
        }
    }

    @Scheduled(every = "1h", delayed = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void purgePublished() {
        ScheduledJob.run("purging published outbox events", () -> {
            int purged = QuarkusTransaction.requiringNew().call(() -> entityManager
                    .createQuery("DELETE FROM OutboxEvent WHERE publishedAt < :before")
                    .setParameter("before", Instant.now().minus(config.retention()))
                    .executeUpdate());
            LOG.debugf("Purged %d published outbox events", purged);
        });
    }

    /** How a batch went: how many events it held and published, its newest creation time, a broker failure. */
    private record Batch(int size, int published, Optional<Instant> newest, RuntimeException brokerUnavailable) {
    }

    /**
     * Sends the pending events created since {@code since}, a batch of them, and waits for each one's
     * answer. The acknowledged ones are marked published. One the broker refused for its own sake
     * (too large, an invalid topic) has the attempt counted, and is parked after {@code
     * outbox.max-attempts}, so that it holds up nothing else; one that failed because the broker is
     * unreachable stays pending as it was, and the relay pauses.
     */
    private Batch publishBatch(Instant since) {
        List<OutboxEvent> batch = pending(since);
        if (batch.isEmpty()) {
            return new Batch(0, 0, Optional.empty(), null);
        }
        List<CompletableFuture<Void>> acks = batch.stream().map(this::send).toList();
        awaitAll(acks);
        List<OutboxEvent> published = new ArrayList<>(batch.size());
        RuntimeException brokerUnavailable = null;
        for (int i = 0; i < batch.size(); i++) {
            OutboxEvent event = batch.get(i);
            Throwable failure = failureOf(acks.get(i));
            if (failure == null) {
                published.add(event);
            } else if (TransientFailures.isTransient(failure)) {
                brokerUnavailable = brokerUnavailable != null ? brokerUnavailable
                        : new IllegalStateException("Kafka did not acknowledge: " + TransientFailures.describe(failure), failure);
            } else {
                refused(event, failure);
            }
        }
        markPublished(published);
        published.forEach(e -> metrics.counter("outbox.events.published", "topic", e.topic).increment());
        Optional<Instant> newest = batch.stream().map(e -> e.createdAt).max(Instant::compareTo);
        return new Batch(batch.size(), published.size(), newest, brokerUnavailable);
    }

    /** An event the broker refused for its own sake: the attempt is counted, and after the last one it is parked. */
    private void refused(OutboxEvent event, Throwable failure) {
        String error = TransientFailures.describe(failure);
        boolean parked = entityManager.unwrap(Session.class).doReturningWork(connection -> {
            try (PreparedStatement refused = connection.prepareStatement(REFUSED)) {
                refused.setString(1, error.length() > 2000 ? error.substring(0, 2000) : error);
                refused.setInt(2, config.maxAttempts());
                refused.setObject(3, event.id);
                try (ResultSet row = refused.executeQuery()) {
                    return row.next() && row.getBoolean(1);
                }
            }
        });
        if (parked) {
            metrics.counter("outbox.events.parkings", "topic", event.topic).increment();
            LOG.errorf("Outbox event %s (%s for %s) parked after %d refused sends: %s; list it at the service's"
                    + " outbox/parked endpoint and republish it once mended", event.id, event.type, event.key,
                    config.maxAttempts(), error);
        } else {
            LOG.warnf("Outbox event %s (%s for %s) refused by the broker: %s", event.id, event.type, event.key, error);
        }
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
        if (batch.isEmpty()) {
            return;
        }
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

    /** Waits for every answer, up to {@code outbox.send-timeout} in all; one not answered by then failed. */
    private void awaitAll(List<CompletableFuture<Void>> acks) {
        try {
            CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new))
                    .get(config.sendTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException someFailed) {
            // each ack is looked at on its own
        } catch (TimeoutException late) {
            acks.forEach(ack -> ack.completeExceptionally(new TimeoutException("no answer from Kafka in "
                    + config.sendTimeout())));
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for Kafka", interrupted);
        }
    }

    private static Throwable failureOf(CompletableFuture<Void> ack) {
        try {
            ack.getNow(null);
            return null;
        } catch (CompletionException | java.util.concurrent.CancellationException failed) {
            return failed.getCause() != null ? failed.getCause() : failed;
        }
    }
}
