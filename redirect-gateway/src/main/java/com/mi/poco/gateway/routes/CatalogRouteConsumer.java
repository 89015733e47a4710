package com.mi.poco.gateway.routes;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mi.poco.events.CatalogRoute;
import com.mi.poco.events.CloudEvents;
import com.mi.poco.events.EventType;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.header.Header;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Keeps {@link LegacyRouteTable} in step with the compacted {@code catalog-routes} topic, one table
 * swap per polled batch. A record that cannot be read is skipped and counted
 * ({@code gateway.routes.rejected}): the table has no transaction to roll back, and the next record
 * for that slug (compaction keeps the latest) repairs it.
 */
@ApplicationScoped
public class CatalogRouteConsumer {

    private static final Logger LOG = Logger.getLogger(CatalogRouteConsumer.class);
    /** A path that stays on the target host; the catalog takes no other, and a record from elsewhere is checked again. */
    private static final Pattern SAFE_PATH = Pattern.compile(CatalogRoute.MI_PATH);

    private final LegacyRouteTable table;
    private final ObjectMapper json;
    private final Counter rejected;

    private final RouteTableLoading loading;

    public CatalogRouteConsumer(LegacyRouteTable table, ObjectMapper json, MeterRegistry metrics, RouteTableLoading loading) {
        this.loading = loading;
        this.table = table;
        this.json = json;
        this.rejected = metrics.counter("gateway.routes.rejected");
    }

    @Incoming("catalog-routes")
    @Blocking
    public void apply(ConsumerRecords<String, String> batch) {
        List<LegacyRouteTable.Change> changes = new ArrayList<>();
        for (ConsumerRecord<String, String> record : batch) {
            read(record).ifPresent(changes::add);
        }
        table.apply(changes);
        if (!loading.loaded()) {
            for (ConsumerRecord<String, String> record : batch) {
                loading.applied(record.partition(), record.offset());
            }
        }
    }

    private Optional<LegacyRouteTable.Change> read(ConsumerRecord<String, String> record) {
        if (record.key() == null) {
            return reject(record, "no key");
        }
        String slug = record.key().toLowerCase(Locale.ROOT);
        if (record.value() == null) {
            return Optional.of(new LegacyRouteTable.Change(slug, null));
        }
        Header type = record.headers().lastHeader(CloudEvents.TYPE);
        if (type == null || !EventType.CATALOG_ROUTE_CHANGED.type().equals(new String(type.value(), UTF_8))) {
            return reject(record, "not a " + EventType.CATALOG_ROUTE_CHANGED.type());
        }
        try {
            CatalogRoute route = json.readValue(record.value(), CatalogRoute.class);
            if (route.slug() == null || !slug.equals(route.slug()) || route.status() == null || route.regions() == null
                    || route.version() < 0) {
                return reject(record, "incomplete route");
            }
            if (!route.regions().values().stream().allMatch(path -> path != null && SAFE_PATH.matcher(path).matches())) {
                return reject(record, "a region's path is not a plain path on mi.com");
            }
            // an immutable copy: compact, and the fastest map to look a region up in on every redirect
            CatalogRoute compact = new CatalogRoute(route.slug(), route.status(), route.successor(),
                    Map.copyOf(route.regions()), route.changedAt(), route.version());
            return Optional.of(new LegacyRouteTable.Change(slug, compact));
        } catch (JsonProcessingException malformed) {
            return reject(record, "malformed JSON");
        }
    }

    private <T> Optional<T> reject(ConsumerRecord<?, ?> record, String why) {
        rejected.increment();
        LOG.warnf("Skipped catalog-routes record at partition %d offset %d: %s", record.partition(), record.offset(), why);
        return Optional.empty();
    }
}
