package com.mi.poco.messaging.deadletters;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mi.poco.messaging.inbox.Inbox;
import com.mi.poco.messaging.inbox.Subscriber;
import com.mi.poco.messaging.inbox.Subscription;
import com.mi.poco.platform.db.Columns;
import com.mi.poco.platform.faults.TransientFailures;
import com.mi.poco.platform.problem.ProblemException;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Tuple;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.jboss.logging.Logger;

/**
 * The dead letters as an ops queue: listed with why and since when, counted per reason, and replayed
 * on request through the same subscription a delivered event goes through, so the inbox decides
 * whether a replayed event is new. A letter replayed with success (applied now, or found applied
 * before) leaves the list; one that fails again stays, with its new reason.
 */
@ApplicationScoped
public class DeadLetterQueue {

    private static final Logger LOG = Logger.getLogger(DeadLetterQueue.class);

    /** One waiting dead letter, as ops see it (the payload carries ids and amounts, never personal data). */
    public record Letter(long id, String consumer, String topic, int partition, long offset, String eventId,
            String type, String subject, String reasonKind, String reason, Instant firstSeen, Instant lastFailed,
            int attempts) {
    }

    public record Listing(long waiting, Map<String, Long> byReason, List<Letter> letters) {
    }

    /** Which letters to replay: all, those of one reason kind, or those of the named event ids. */
    public record Selection(Boolean all, String reason, List<String> eventIds) {

        String where() {
            int named = (Boolean.TRUE.equals(all) ? 1 : 0) + (reason != null ? 1 : 0) + (eventIds != null ? 1 : 0);
            if (named != 1) {
                throw ProblemException.badRequest("invalid-replay-request",
                        "Name exactly one of all: true, reason, or eventIds");
            }
            if (eventIds != null && eventIds.isEmpty()) {
                throw ProblemException.badRequest("invalid-replay-request", "eventIds names no event");
            }
            if (eventIds != null && eventIds.stream().anyMatch(Objects::isNull)) {
                throw ProblemException.badRequest("invalid-replay-request",
                        "eventIds holds a null: name each dead letter by its event id");
            }
            return reason != null ? "AND reason_kind = :reason" : eventIds != null ? "AND event_id IN (:ids)" : "";
        }
    }

    public record Replayed(int selected, int applied, int alreadyApplied, int failedAgain, List<Letter> stillWaiting) {
    }

    private final EntityManager entityManager;
    private final Inbox inbox;
    private final Instance<Subscriber<?>> subscribers;
    private final ObjectMapper json;
    private final DeadLetterGauge gauge;

    public DeadLetterQueue(EntityManager entityManager, Inbox inbox, @Any Instance<Subscriber<?>> subscribers,
            ObjectMapper json, DeadLetterGauge gauge) {
        this.entityManager = entityManager;
        this.inbox = inbox;
        this.subscribers = subscribers;
        this.json = json;
        this.gauge = gauge;
    }

    /** The waiting letters, oldest first (at most {@code limit}), their total and their count per reason. */
    public Listing list(int limit, String reason) {
        return QuarkusTransaction.requiringNew().call(() -> {
            Map<String, Long> byReason = new TreeMap<>();
            for (Object result : entityManager.createNativeQuery("""
                    SELECT reason_kind, count(*) AS letters FROM dead_letter WHERE replayed_at IS NULL GROUP BY reason_kind""",
                    Tuple.class).getResultList()) {
                Tuple row = (Tuple) result;
                byReason.put(row.get("reason_kind", String.class), row.get("letters", Number.class).longValue());
            }
            List<Letter> letters = letters(reason == null ? "" : "AND reason_kind = :reason",
                    q -> {
                        if (reason != null) {
                            q.setParameter("reason", reason);
                        }
                    }, limit).stream().map(Stored::letter).toList();
            return new Listing(byReason.values().stream().mapToLong(Long::longValue).sum(), byReason, letters);
        });
    }

    /**
     * Replays the selected waiting letters one by one, each in a transaction of its own. A database
     * that is down stops the replay with a 503 (what was replayed stays replayed); poison stays listed.
     */
    public Replayed replay(Selection selection) {
        String where = selection.where();
        List<Stored> selected = QuarkusTransaction.requiringNew().call(() -> letters(where, q -> {
            if (selection.reason() != null) {
                q.setParameter("reason", selection.reason());
            }
            if (selection.eventIds() != null) {
                q.setParameter("ids", selection.eventIds());
            }
        }, Integer.MAX_VALUE));
        Map<String, Subscription<?>> byConsumer = new HashMap<>();
        subscribers.forEach(s -> byConsumer.put(inbox.consumer(s.subscription()), s.subscription()));
        int applied = 0;
        int before = 0;
        List<Letter> failed = new ArrayList<>();
        try {
            for (Stored letter : selected) {
                Subscription<?> subscription = byConsumer.get(letter.letter().consumer());
                Optional<RuntimeException> failure = Optional.empty();
                boolean appliedNow = false;
                try {
                    if (subscription == null) {
                        throw new IllegalStateException("no consumer " + letter.letter().consumer() + " in this service");
                    }
                    appliedNow = inbox.replay(subscription, letter.record());
                } catch (RuntimeException e) {
                    if (TransientFailures.isTransient(e)) {
                        throw e;
                    }
                    failure = Optional.of(e);
                }
                if (failure.isPresent()) {
                    failed.add(failedAgain(letter.letter(), failure.get()));
                } else {
                    markReplayed(letter.letter().id());
                    if (appliedNow) {
                        applied++;
                    } else {
                        before++;
                    }
                }
            }
        } finally {
            gauge.refresh();
        }
        LOG.infof("Replayed %d dead letters: %d applied, %d applied before, %d failed again", selected.size(), applied,
                before, failed.size());
        return new Replayed(selected.size(), applied, before, failed.size(), failed);
    }

    private void markReplayed(long id) {
        QuarkusTransaction.requiringNew().run(() -> entityManager
                .createNativeQuery("UPDATE dead_letter SET replayed_at = now() WHERE id = ?1")
                .setParameter(1, id).executeUpdate());
    }

    private Letter failedAgain(Letter letter, RuntimeException failure) {
        String kind = DeadLetters.kindOf(failure);
        String reason = DeadLetters.reason(failure);
        Instant now = Instant.now();
        QuarkusTransaction.requiringNew().run(() -> entityManager.createNativeQuery("""
                        UPDATE dead_letter SET reason_kind = ?2, reason = ?3, last_failed = ?4, attempts = attempts + 1
                        WHERE id = ?1""")
                .setParameter(1, letter.id()).setParameter(2, kind).setParameter(3, reason).setParameter(4, now)
                .executeUpdate());
        return new Letter(letter.id(), letter.consumer(), letter.topic(), letter.partition(), letter.offset(),
                letter.eventId(), letter.type(), letter.subject(), kind, reason, letter.firstSeen(), now,
                letter.attempts() + 1);
    }

    private record Stored(Letter letter, String key, String payload, String headers, ObjectMapper json) {

        ConsumerRecord<String, String> record() {
            RecordHeaders recordHeaders = new RecordHeaders();
            try {
                Map<String, String> values = json.readValue(headers, new TypeReference<LinkedHashMap<String, String>>() {
                });
                values.forEach((name, value) -> recordHeaders.add(name, value == null ? null : value.getBytes(UTF_8)));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("stored headers of dead letter " + letter.id() + " are unreadable", e);
            }
            return new ConsumerRecord<>(letter.topic(), letter.partition(), letter.offset(), 0L, TimestampType.NO_TIMESTAMP_TYPE,
                    -1, -1, key, payload, recordHeaders, Optional.empty());
        }
    }

    private List<Stored> letters(String where, java.util.function.Consumer<jakarta.persistence.Query> bind, int limit) {
        var query = entityManager.createNativeQuery("""
                SELECT id, consumer, topic, partition_no, record_offset, event_id, event_type, subject, reason_kind, reason,
                       first_seen, last_failed, attempts, message_key, payload, headers
                FROM dead_letter WHERE replayed_at IS NULL %s ORDER BY id LIMIT :limit""".formatted(where), Tuple.class)
                .setParameter("limit", limit);
        bind.accept(query);
        List<Stored> stored = new ArrayList<>();
        for (Object result : query.getResultList()) {
            Tuple row = (Tuple) result;
            Letter letter = new Letter(row.get("id", Number.class).longValue(), row.get("consumer", String.class),
                    row.get("topic", String.class), row.get("partition_no", Number.class).intValue(),
                    row.get("record_offset", Number.class).longValue(), row.get("event_id", String.class),
                    row.get("event_type", String.class), row.get("subject", String.class),
                    row.get("reason_kind", String.class), row.get("reason", String.class),
                    Columns.instant(row.get("first_seen")), Columns.instant(row.get("last_failed")),
                    row.get("attempts", Number.class).intValue());
            stored.add(new Stored(letter, row.get("message_key", String.class), row.get("payload", String.class),
                    row.get("headers", String.class), json));
        }
        return stored;
    }
}
