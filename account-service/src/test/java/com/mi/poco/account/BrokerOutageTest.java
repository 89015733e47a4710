package com.mi.poco.account;

import static com.mi.poco.account.AccountApi.account;
import static com.mi.poco.account.AccountApi.importFile;
import static com.mi.poco.account.AccountApi.migrate;
import static com.mi.poco.testing.Api.unique;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;

import com.mi.poco.events.EventType;
import com.mi.poco.messaging.outbox.OutboxRelay;
import com.mi.poco.testing.CapturedLogs;
import com.mi.poco.testing.InjectKafkaCompanion;
import com.mi.poco.testing.KafkaBrokerResource;
import com.mi.poco.testing.Management;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.reactive.messaging.kafka.companion.ConsumerTask;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.logging.Filter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.jboss.logmanager.ExtHandler;
import org.jboss.logmanager.handlers.ConsoleHandler;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** docs/contracts.md "nothing lost": the broker stopped during a bulk migration costs no event. */
@QuarkusTest
class BrokerOutageTest {

    private static final int ACCOUNTS = 200;

    @InjectKafkaCompanion
    KafkaCompanion kafka;

    @Inject
    EntityManager entityManager;

    @Inject
    MeterRegistry metrics;

    @Test
    void eventsWaitInTheOutboxWhileTheBrokerIsDownAndAllArriveWhenItIsBack() {
        Assumptions.assumeTrue(KafkaBrokerResource.ownsBroker(), "needs a broker this test JVM can stop");
        List<String> ids = IntStream.range(0, ACCOUNTS).mapToObj(i -> unique("outage")).toList();
        importFile("accounts", ids.stream().map(id -> account(id, null, false, "uk")).collect(Collectors.joining("\n")))
                .body("accepted", equalTo(ACCOUNTS));

        CapturedLogs logs = CapturedLogs.start();
        KafkaBrokerResource.stopBroker();
        try {
            String location = migrate(ids);

            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> given().when().get(location).then()
                    .body("status", equalTo("FINISHED"))
                    .body("accounts.MIGRATED", equalTo(ACCOUNTS)));
            assertThat("every event is waiting in the outbox", pending(ids), equalTo((long) ACCOUNTS));
            // Keep the broker down until the relay has given a batch back at least once.
            await().atMost(Duration.ofSeconds(30)).until(() -> metrics.counter("outbox.relay.failures").count() > 0);
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                    assertTheConnectorsLinesPerUndeliveredEventStayOutOfTheLog(logs.records()));
        } finally {
            logs.close();
            KafkaBrokerResource.restartBroker();
            // Leave the service as the other tests expect it: reconnected to the broker, ready.
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                    given().when().get(Management.url("/q/health/ready")).then().statusCode(200));
        }

        await().atMost(Duration.ofSeconds(90)).until(() -> pending(ids) == 0);
        ConsumerTask<String, String> published = kafka.consumeStrings().fromTopics(EventType.ACCOUNT_MIGRATED.topic());
        Set<String> wanted = Set.copyOf(ids);
        await().atMost(Duration.ofSeconds(60)).until(() -> published.getRecords().stream()
                .map(r -> r.key()).filter(wanted::contains).distinct().count() == ACCOUNTS);
        published.stop();
    }

    /**
     * The connector logged an ERROR per event it could not deliver (the relay keeps them pending and says
     * so once per pause): the console handler, as the service configures it, writes none of them.
     */
    private static void assertTheConnectorsLinesPerUndeliveredEventStayOutOfTheLog(List<LogRecord> records) {
        List<LogRecord> undelivered = records.stream()
                .filter(r -> r.getMessage() != null && r.getMessage().startsWith("SRMSG18206"))
                .toList();
        assertThat("the connector said it could not deliver events", undelivered, not(empty()));
        Filter console = consoleHandler().getFilter();
        assertThat("the console handler has a filter", console, notNullValue());
        assertThat(undelivered.stream().filter(console::isLoggable).map(LogRecord::getMessage).toList(), empty());
        assertThat("the relay's own warning is still written", records.stream()
                .filter(r -> r.getLoggerName().equals(OutboxRelay.class.getName()))
                .filter(r -> r.getLevel().intValue() == Level.WARNING.intValue())
                .filter(console::isLoggable).count(), greaterThan(0L));
    }

    /** The handler Quarkus writes the console log with (behind its delayed root handler). */
    private static Handler consoleHandler() {
        Deque<Handler> handlers = new ArrayDeque<>(List.of(Logger.getLogger("").getHandlers()));
        while (!handlers.isEmpty()) {
            Handler handler = handlers.pop();
            if (handler instanceof ConsoleHandler) {
                return handler;
            }
            if (handler instanceof ExtHandler parent) {
                handlers.addAll(List.of(parent.getHandlers()));
            }
        }
        throw new AssertionError("no console handler");
    }

    private long pending(List<String> keys) {
        return QuarkusTransaction.requiringNew().call(() -> (Long) entityManager.createNativeQuery(
                        "SELECT count(*) FROM outbox_event WHERE published_at IS NULL AND message_key IN (:keys)", Long.class)
                .setParameter("keys", keys)
                .getSingleResult());
    }
}
