package com.mi.poco.testing;

import com.mi.poco.kafka.KafkaBrokerProcess;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A real Kafka broker for {@code @QuarkusTest}s: the one named by {@code POCO_TEST_KAFKA_BOOTSTRAP}
 * if set, else one started for this test JVM (a KRaft child JVM on free ports) and stopped when the
 * JVM exits. Quarkus restarts between test profiles call start/stop more than once; the broker
 * outlives them. Tests get a {@link KafkaCompanion} through {@link InjectKafkaCompanion}.
 */
public class KafkaBrokerResource implements QuarkusTestResourceLifecycleManager {

    public static final String BOOTSTRAP_ENV = "POCO_TEST_KAFKA_BOOTSTRAP";

    private static String bootstrap;
    private static KafkaBrokerProcess broker;
    private KafkaCompanion companion;

    @Override
    public Map<String, String> start() {
        companion = new KafkaCompanion(bootstrapServers());
        return Map.of("kafka.bootstrap.servers", bootstrapServers());
    }

    /** The broker of this test JVM, started on first use. */
    public static synchronized String bootstrapServers() {
        if (bootstrap == null) {
            String external = System.getenv(BOOTSTRAP_ENV);
            bootstrap = external != null && !external.isBlank() ? external : startOwnBroker();
        }
        return bootstrap;
    }

    private static String startOwnBroker() {
        try {
            Path dir = Files.createTempDirectory("poco-test-kafka-");
            broker = KafkaBrokerProcess.start(KafkaBrokerProcess.Settings.forTests(dir));
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                stopBroker();
                delete(dir);
            }, "kafka-broker-stop"));
            return broker.bootstrapServers();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start the test Kafka broker: " + e.getMessage(), e);
        }
    }

    /** Whether this JVM runs the broker itself (and so can stop it for an outage test). */
    public static synchronized boolean ownsBroker() {
        return broker != null;
    }

    /** Stops the broker (a clean shutdown); clients see it as down until {@link #restartBroker()}. */
    public static synchronized void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    /** Starts the stopped broker again on the same ports with the same data. */
    public static synchronized void restartBroker() {
        try {
            broker = broker.restart();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not restart the test Kafka broker: " + e.getMessage(), e);
        }
    }

    @Override
    public void inject(TestInjector injector) {
        injector.injectIntoFields(companion,
                new TestInjector.AnnotatedAndMatchesType(InjectKafkaCompanion.class, KafkaCompanion.class));
    }

    @Override
    public void stop() {
        if (companion != null) {
            companion.close();
        }
    }

    private static void delete(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temp directory: the OS cleans what is left
        }
    }
}
