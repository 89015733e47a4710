package com.mi.poco.loyalty;

import static com.mi.poco.testing.Api.ASYNC;
import static com.mi.poco.testing.Api.unique;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;

import com.mi.poco.events.EventType;
import com.mi.poco.messaging.inbox.Inbox;
import com.mi.poco.messaging.outbox.OutboxRelay;
import com.mi.poco.testing.CloudEventRecords;
import com.mi.poco.testing.InjectKafkaCompanion;
import com.mi.poco.testing.MigrationEvents;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.reactive.messaging.kafka.companion.ConsumerTask;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import org.junit.jupiter.api.Test;

/** What keeps a service running for weeks: a relay that nothing but shutdown stops, an inbox that forgets in time. */
@QuarkusTest
class OperationsTest {

    @InjectKafkaCompanion
    KafkaCompanion kafka;

    @Inject
    EntityManager entityManager;

    @Inject
    Inbox inbox;

    @Inject
    OutboxRelay relay;

    @io.quarkus.test.common.http.TestHTTPResource("/")
    java.net.URI base;

    @Test
    void withoutAValidTokenEveryApiRequestIsA401WhateverItsMediaTypeMethodOrPath() throws Exception {
        String bad = com.mi.poco.testing.Tokens.bearer(com.mi.poco.testing.Tokens.opsSignedByAnotherKey());
        for (String authorization : java.util.Arrays.asList(null, bad)) {
            assertUnauthenticated(send("POST", "/api/loyalty/imports/points", "text/plain", authorization));
            assertUnauthenticated(send("PUT", "/api/loyalty/reconciliation", "application/json", authorization));
            assertUnauthenticated(send("GET", "/api/loyalty/no-such-thing", null, authorization));
        }
        String ops = com.mi.poco.testing.Tokens.bearer(com.mi.poco.testing.Tokens.ops());
        assertThat(send("POST", "/api/loyalty/imports/points", "text/plain", ops).statusCode(), equalTo(415));
    }

    private static void assertUnauthenticated(java.net.http.HttpResponse<String> response) {
        assertThat(response.uri() + " " + response.body(), response.statusCode(), equalTo(401));
        assertThat(response.headers().firstValue("Content-Type").orElse(""),
                org.hamcrest.Matchers.startsWith("application/problem+json"));
        assertThat(response.headers().firstValue("WWW-Authenticate").orElse(""), equalTo("Bearer"));
    }

    private java.net.http.HttpResponse<String> send(String method, String path, String contentType, String authorization)
            throws Exception {
        var request = java.net.http.HttpRequest.newBuilder(base.resolve(path))
                .method(method, java.net.http.HttpRequest.BodyPublishers.ofString("x"));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return java.net.http.HttpClient.newHttpClient().send(request.build(), java.net.http.HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void anInterruptedRelayGoesOnPublishing() {
        Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals("outbox-relay")).forEach(Thread::interrupt);
        ConsumerTask<String, String> reports = kafka.consumeStrings().fromTopics(EventType.POINTS_CONVERTED.topic());
        String poco = unique("P");

        MigrationEvents.migrate(kafka, poco);

        await().atMost(ASYNC).until(() -> !CloudEventRecords.withKey(reports.getRecords(), poco).isEmpty());
        assertThat(relay.relaying(), equalTo(true));
        reports.stop();
    }

    @Test
    void theInboxForgetsEventsAppliedLongerAgoThanItsRetention() {
        String old = unique("old");
        String recent = unique("recent");
        QuarkusTransaction.requiringNew().run(() -> entityManager.createNativeQuery("""
                        INSERT INTO processed_event (consumer, event_id, processed_at)
                        VALUES ('test', ?1, now() - interval '31 days'), ('test', ?2, now() - interval '29 days')""")
                .setParameter(1, old).setParameter(2, recent).executeUpdate());

        assertThat(inbox.purgeProcessed(), greaterThan(0));

        assertThat(remembered(old), equalTo(0L));
        assertThat(remembered(recent), equalTo(1L));
    }

    private long remembered(String eventId) {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) entityManager
                .createNativeQuery("SELECT count(*) FROM processed_event WHERE event_id = ?1")
                .setParameter(1, eventId).getSingleResult()).longValue());
    }
}
