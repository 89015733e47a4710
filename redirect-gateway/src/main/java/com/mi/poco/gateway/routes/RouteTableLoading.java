package com.mi.poco.gateway.routes;

import com.mi.poco.events.EventType;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.jboss.logging.Logger;

/**
 * Whether the route table has caught up with {@code catalog-routes}: every record the topic held when
 * this instance started has been applied. Until then the gateway answers no legacy URL (a 503 with
 * {@code Retry-After}, never a permanent redirect to a fallback page it would have to take back) and
 * readiness is DOWN, so a rolling deploy sends it no traffic. The end offsets are read once, at start
 * (and again until the broker answers).
 */
@Readiness
@jakarta.enterprise.inject.Default
@ApplicationScoped
public class RouteTableLoading implements HealthCheck {

    private static final Logger LOG = Logger.getLogger(RouteTableLoading.class);
    private static final Duration ASK_TIMEOUT = Duration.ofSeconds(5);

    private final String bootstrap;
    /** The offset each partition must reach; null until the broker told. */
    private volatile Map<Integer, Long> endAtStart;
    private final Map<Integer, Long> applied = new ConcurrentHashMap<>();
    private volatile boolean loaded;
    private volatile boolean stopping;

    public RouteTableLoading(@ConfigProperty(name = "kafka.bootstrap.servers") String bootstrap) {
        this.bootstrap = bootstrap;
    }

    void start(@Observes StartupEvent startup) {
        Thread asker = new Thread(this::readEndOffsets, "route-table-end-offsets");
        asker.setDaemon(true);
        asker.start();
    }

    void stop(@Observes ShutdownEvent shutdown) {
        stopping = true;
    }

    public boolean loaded() {
        return loaded;
    }

    /** The table applied a batch that ended, on {@code partition}, with the record at {@code offset}. */
    void applied(int partition, long offset) {
        if (loaded) {
            return; // loaded once is loaded for good: the table only moves forward
        }
        applied.merge(partition, offset + 1, Math::max);
        check();
    }

    private void readEndOffsets() {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, "redirect-gateway-route-table-end-offsets");
        while (!stopping && endAtStart == null) {
            try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config)) {
                var partitions = consumer.partitionsFor(EventType.CATALOG_ROUTE_CHANGED.topic(), ASK_TIMEOUT).stream()
                        .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
                endAtStart = consumer.endOffsets(partitions, ASK_TIMEOUT).entrySet().stream()
                        .collect(Collectors.toUnmodifiableMap(e -> e.getKey().partition(), Map.Entry::getValue));
                LOG.infof("Route table: loading catalog-routes up to %s", endAtStart);
                check();
            } catch (RuntimeException brokerNotThere) {
                LOG.debugf("Route table: end offsets not known yet: %s", brokerNotThere.getMessage());
            }
        }
    }

    private void check() {
        Map<Integer, Long> ends = endAtStart;
        if (loaded || ends == null) {
            return;
        }
        if (ends.entrySet().stream().allMatch(end -> end.getValue() == 0 || applied.getOrDefault(end.getKey(), 0L) >= end.getValue())) {
            loaded = true;
            LOG.info("Route table loaded: legacy URLs are answered");
        }
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("route-table")
                .status(loaded)
                .withData("catalog-routes", loaded ? "loaded" : "loading")
                .build();
    }
}
