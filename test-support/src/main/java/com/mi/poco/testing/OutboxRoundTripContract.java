package com.mi.poco.testing;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.mi.poco.events.CloudEvents;
import com.mi.poco.events.EventExamples;
import com.mi.poco.events.EventSchemas;
import com.mi.poco.events.EventType;
import com.mi.poco.messaging.outbox.Outbox;
import com.mi.poco.platform.db.BulkStatement;
import com.mi.poco.platform.db.DeferredWrites;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.smallrye.reactive.messaging.kafka.companion.ConsumerTask;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * The delivery foundation every publishing service must keep (docs/contracts.md "Events"): an event
 * recorded in a committed transaction reaches the real broker once, as a CloudEvent that conforms to
 * its schema, and its outbox row is marked published; an event recorded in a rolled-back transaction,
 * or in one whose writes at commit fail, never leaves the database. A service's test extends this and names the event it publishes.
 */
public abstract class OutboxRoundTripContract {

    private static final Duration DELIVERY = Duration.ofSeconds(30);

    @InjectKafkaCompanion
    KafkaCompanion kafka;

    @Inject
    Outbox outbox;

    @Inject
    DeferredWrites writes;

    @Inject
    EntityManager entityManager;

    @ConfigProperty(name = "quarkus.application.name")
    String service;

    /** The event this service publishes. */
    protected abstract EventType publishedEvent();

    @Test
    void committedEventIsPublishedOnceAsACloudEventAndMarkedPublished() {
        EventType type = publishedEvent();
        String key = "k-" + UUID.randomUUID();
        ConsumerTask<String, String> consumer = kafka.consumeStrings().fromTopics(type.topic());

        UUID id = QuarkusTransaction.requiringNew().call(() -> outbox.record(type, key, EventExamples.of(type, key)));

        await().atMost(DELIVERY).until(() -> ofKey(consumer, key).size() == 1);
        ConsumerRecord<String, String> record = ofKey(consumer, key).get(0);
        assertThat(header(record, CloudEvents.ID), equalTo(id.toString()));
        assertThat(header(record, CloudEvents.TYPE), equalTo(type.type()));
        assertThat(header(record, CloudEvents.SOURCE), equalTo(CloudEvents.source(service)));
        assertThat(header(record, CloudEvents.SPECVERSION), equalTo("1.0"));
        assertThat(header(record, CloudEvents.SUBJECT), equalTo(key));
        assertThat(header(record, CloudEvents.TIME), notNullValue());
        assertThat(header(record, CloudEvents.CONTENT_TYPE_HEADER), equalTo("application/json"));
        assertThat(EventSchemas.violations(type, record.value()), empty());
        await().atMost(DELIVERY).until(() -> publishedAt(id).isPresent());
        consumer.stop();
    }

    @Test
    void rolledBackEventNeverLeavesTheDatabase() {
        EventType type = publishedEvent();
        String rolledBack = "rolled-back-" + UUID.randomUUID();
        String committed = "committed-" + UUID.randomUUID();
        ConsumerTask<String, String> consumer = kafka.consumeStrings().fromTopics(type.topic());

        QuarkusTransaction.begin();
        UUID lost = outbox.record(type, rolledBack, EventExamples.of(type, rolledBack));
        QuarkusTransaction.rollback();
        QuarkusTransaction.requiringNew().run(() -> outbox.record(type, committed, EventExamples.of(type, committed)));

        // The relay publishes in creation order: once the later event is out, the earlier one would be too.
        await().atMost(DELIVERY).until(() -> ofKey(consumer, committed).size() == 1);
        assertThat(ofKey(consumer, rolledBack), hasSize(0));
        assertThat(count("SELECT count(*) FROM outbox_event WHERE id = :value", lost), equalTo(0L));
        consumer.stop();
    }

    @Test
    void eventOfATransactionWhoseWritesFailAtCommitIsNeverRecorded() {
        EventType type = publishedEvent();
        String key = "failed-at-commit-" + UUID.randomUUID();
        String otherKey = "other-" + key;
        UUID rowId = UUID.randomUUID();
        // The event and another outbox row written twice wait for the commit; the second copy breaks the key.
        BulkStatement twice = new BulkStatement("""
                INSERT INTO outbox_event (id, topic, message_key, type, created_at)
                SELECT * FROM unnest(?::uuid[], ?::text[], ?::text[], ?::text[], ?::timestamptz[])""");

        assertThrows(RuntimeException.class, () -> QuarkusTransaction.requiringNew().run(() -> {
            outbox.record(type, key, EventExamples.of(type, key));
            writes.add(twice, rowId, type.topic(), otherKey, type.type(), Instant.now());
            writes.add(twice, rowId, type.topic(), otherKey, type.type(), Instant.now());
        }));

        assertThat(count("SELECT count(*) FROM outbox_event WHERE message_key = :value", key), equalTo(0L));
        assertThat(count("SELECT count(*) FROM outbox_event WHERE message_key = :value", otherKey), equalTo(0L));
    }

    @Test
    void eventOlderThanTheRelaysScanWindowIsStillPublished() {
        EventType type = publishedEvent();
        String newer = "newer-" + UUID.randomUUID();
        String older = "older-" + UUID.randomUUID();
        ConsumerTask<String, String> consumer = kafka.consumeStrings().fromTopics(type.topic());
        QuarkusTransaction.requiringNew().run(() -> outbox.record(type, newer, EventExamples.of(type, newer)));
        await().atMost(DELIVERY).until(() -> ofKey(consumer, newer).size() == 1);

        // committed after the newer one went out, and created long before the relay's window
        UUID id = QuarkusTransaction.requiringNew().call(() -> {
            UUID recorded = outbox.record(type, older, EventExamples.of(type, older));
            entityManager.flush();
            entityManager.createNativeQuery("UPDATE outbox_event SET created_at = now() - interval '1 hour' WHERE id = :id")
                    .setParameter("id", recorded)
                    .executeUpdate();
            return recorded;
        });

        await().atMost(DELIVERY).until(() -> ofKey(consumer, older).size() == 1);
        await().atMost(DELIVERY).until(() -> publishedAt(id).isPresent());
        consumer.stop();
    }

    private long count(String sql, Object value) {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) entityManager.createNativeQuery(sql)
                .setParameter("value", value).getSingleResult()).longValue());
    }

    private Optional<Instant> publishedAt(UUID id) {
        return QuarkusTransaction.requiringNew().call(() -> entityManager
                .createNativeQuery("SELECT published_at FROM outbox_event WHERE id = :id", Instant.class)
                .setParameter("id", id)
                .getResultStream().filter(java.util.Objects::nonNull).findFirst());
    }

    private static List<ConsumerRecord<String, String>> ofKey(ConsumerTask<String, String> consumer, String key) {
        return consumer.getRecords().stream().filter(r -> key.equals(r.key())).toList();
    }

    private static String header(ConsumerRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), UTF_8);
    }
}
