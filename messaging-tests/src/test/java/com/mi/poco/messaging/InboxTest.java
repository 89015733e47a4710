package com.mi.poco.messaging;

import static com.mi.poco.testing.Api.ASYNC;
import static com.mi.poco.testing.Api.unique;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;

import com.mi.poco.events.EventType;
import com.mi.poco.messaging.deadletters.DeadLetterQueue;
import com.mi.poco.testing.CloudEventRecords;
import com.mi.poco.testing.DatabaseOutage;
import com.mi.poco.testing.InjectKafkaCompanion;
import com.mi.poco.testing.Management;
import com.mi.poco.testing.MigrationEvents;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.reactive.messaging.kafka.companion.ConsumerTask;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The inbox on its own (docs/contracts.md "Delivery"): an event is applied once whatever the
 * redelivery; an event the handler refuses alone is dead-lettered while the rest of its batch is
 * applied; an unreadable record never reaches the handler; a database outage is waited out, never
 * dead-lettered; a dead letter replayed after its cause is mended is applied once. Counted exactly,
 * in the test subscriber's table ({@link NotedErasures}) and on the dead-letter topic.
 */
@QuarkusTest
class InboxTest {

    private static final String GROUP = "messaging-test";
    private static final String CONSUMER = GROUP + ".account-erased";
    private static final String DLQ = "account-erased.messaging-test.dlq";

    @InjectKafkaCompanion
    KafkaCompanion kafka;

    @Inject
    EntityManager entityManager;

    @Inject
    DeadLetterQueue deadLetterQueue;

    private ConsumerTask<String, String> deadLetters;

    @BeforeEach
    void listen() {
        deadLetters = kafka.consumeStrings().fromTopics(DLQ);
    }

    @AfterEach
    void stopListening() {
        deadLetters.stop();
    }

    @Test
    void anEventDeliveredAgainInItsBatchAndLaterIsAppliedOnce() {
        String mi = unique("M");
        String eventId = UUID.randomUUID().toString();
        ProducerRecord<String, String> event = erasure(eventId, mi);

        RecordMetadata written = kafka.produceStrings().fromRecords(event, event, event).awaitCompletion().getLastRecord();
        MigrationEvents.awaitConsumed(kafka, GROUP, written);
        MigrationEvents.awaitConsumed(kafka, GROUP, MigrationEvents.publish(kafka, event));

        assertThat(noted(List.of(mi)), contains(mi));
        assertThat(count("SELECT count(*) FROM processed_event WHERE consumer = ?1 AND event_id = ?2", CONSUMER, eventId),
                equalTo(1L));
        assertThat(CloudEventRecords.withKey(deadLetters.getRecords(), mi), empty());
    }

    @Test
    void theEventTheHandlerRefusesAloneIsDeadLetteredAndTheRestOfItsBatchIsApplied() {
        List<String> accounts = IntStream.range(0, 20).mapToObj(i -> unique("M")).toList();
        String refused = accounts.get(7);
        refuse(refused);

        RecordMetadata written = kafka.produceStrings()
                .fromRecords(accounts.stream().map(mi -> erasure(UUID.randomUUID().toString(), mi)).toList())
                .awaitCompletion().getLastRecord();
        MigrationEvents.awaitConsumed(kafka, GROUP, written);

        await().atMost(ASYNC).until(() -> !CloudEventRecords.withKey(deadLetters.getRecords(), refused).isEmpty());
        assertThat(noted(accounts), containsInAnyOrder(accounts.stream().filter(mi -> !mi.equals(refused)).toArray()));
        assertThat(deadLetters.getRecords().stream().map(ConsumerRecord::key).filter(accounts::contains).toList(),
                contains(refused));
        await().atMost(ASYNC).until(() -> count("SELECT count(*) FROM dead_letter WHERE consumer = ?1 AND message_key = ?2",
                CONSUMER, refused) == 1L);
    }

    @Test
    void anUnreadableRecordIsDeadLetteredAtOnceWithoutReachingTheHandler() {
        String mi = unique("M");
        MigrationEvents.awaitConsumed(kafka, GROUP, MigrationEvents.publish(kafka, CloudEventRecords.of(
                EventType.ACCOUNT_ERASED, UUID.randomUUID().toString(), mi, "{\"miAccountId\":\"" + mi + "\",")));

        await().atMost(ASYNC).until(() -> !CloudEventRecords.withKey(deadLetters.getRecords(), mi).isEmpty());
        assertThat(noted(List.of(mi)), empty());
        await().atMost(ASYNC).until(() -> count("SELECT count(*) FROM dead_letter WHERE consumer = ?1 AND message_key = ?2",
                CONSUMER, mi) == 1L);
        assertThat(count("SELECT count(*) FROM processed_event WHERE consumer = ?1 AND event_id IN "
                + "(SELECT event_id FROM dead_letter WHERE message_key = ?2)", CONSUMER, mi), equalTo(0L));
    }

    @Test
    void aDatabaseOutageIsWaitedOutEveryEventIsAppliedOnceAndNoneIsDeadLettered() {
        List<String> accounts = IntStream.range(0, 30).mapToObj(i -> unique("M")).toList();

        try (DatabaseOutage outage = DatabaseOutage.ofTheServiceDatabase()) {
            kafka.produceStrings().fromRecords(accounts.stream().map(mi -> erasure(UUID.randomUUID().toString(), mi))
                    .toList()).awaitCompletion();
            await().atMost(ASYNC).untilAsserted(() -> given().get(Management.url("/q/health/ready")).then().statusCode(503));
        }

        await().atMost(ASYNC).until(() -> noted(accounts).size() == accounts.size());
        await().atMost(ASYNC).untilAsserted(() -> given().get(Management.url("/q/health/ready")).then().statusCode(200));
        assertThat(noted(accounts), containsInAnyOrder(accounts.toArray()));
        assertThat(deadLetters.getRecords().stream().map(ConsumerRecord::key).filter(accounts::contains).toList(), empty());
        assertThat(count("SELECT count(*) FROM dead_letter WHERE message_key IN (?1)", accounts), equalTo(0L));
    }

    @Test
    void aDeadLetterReplayedAfterItsCauseIsMendedIsAppliedOnceAndLeavesTheQueue() {
        String mi = unique("M");
        String eventId = UUID.randomUUID().toString();
        refuse(mi);
        MigrationEvents.publish(kafka, erasure(eventId, mi));
        await().atMost(ASYNC).until(() -> waiting(eventId).size() == 1);

        DeadLetterQueue.Replayed stillRefused = replay(eventId);
        assertThat(stillRefused.failedAgain(), equalTo(1));
        assertThat(waiting(eventId).get(0).attempts(), equalTo(2));
        assertThat(noted(List.of(mi)), empty());

        QuarkusTransaction.requiringNew().run(() -> entityManager
                .createNativeQuery("DELETE FROM refused_account WHERE mi_account_id = ?1").setParameter(1, mi).executeUpdate());
        DeadLetterQueue.Replayed mended = replay(eventId);
        assertThat(mended.selected(), equalTo(1));
        assertThat(mended.applied(), equalTo(1));
        assertThat(waiting(eventId), empty());
        assertThat(noted(List.of(mi)), contains(mi));

        // the same event delivered once more (the broker's redelivery after the replay) changes nothing
        MigrationEvents.awaitConsumed(kafka, GROUP, MigrationEvents.publish(kafka, erasure(eventId, mi)));
        assertThat(noted(List.of(mi)), contains(mi));
        assertThat(replay(eventId).selected(), equalTo(0));
    }

    private static ProducerRecord<String, String> erasure(String eventId, String mi) {
        return CloudEventRecords.of(EventType.ACCOUNT_ERASED, eventId, mi,
                "{\"miAccountId\":\"" + mi + "\",\"pocoAccountIds\":[\"" + unique("P") + "\"],\"erasedAt\":\"2025-01-01T00:00:00Z\"}");
    }

    private void refuse(String mi) {
        QuarkusTransaction.requiringNew().run(() -> entityManager
                .createNativeQuery("INSERT INTO refused_account (mi_account_id) VALUES (?1)").setParameter(1, mi).executeUpdate());
    }

    private DeadLetterQueue.Replayed replay(String eventId) {
        return deadLetterQueue.replay(new DeadLetterQueue.Selection(null, null, List.of(eventId)));
    }

    private List<DeadLetterQueue.Letter> waiting(String eventId) {
        return deadLetterQueue.list(1000, null).letters().stream().filter(l -> l.eventId().equals(eventId)).toList();
    }

    /** The Mi accounts among {@code accounts} the subscriber noted, once each (the table's key). */
    private List<String> noted(List<String> accounts) {
        return QuarkusTransaction.requiringNew().call(() -> entityManager
                .createNativeQuery("SELECT mi_account_id FROM noted_erasure WHERE mi_account_id IN (?1)", String.class)
                .setParameter(1, accounts).getResultList());
    }

    private long count(String sql, Object... parameters) {
        return QuarkusTransaction.requiringNew().call(() -> {
            var query = entityManager.createNativeQuery(sql, Long.class);
            for (int i = 0; i < parameters.length; i++) {
                query.setParameter(i + 1, parameters[i]);
            }
            return (Long) query.getSingleResult();
        });
    }
}
