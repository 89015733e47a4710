package com.mi.poco.messaging.inbox;

import com.mi.poco.platform.faults.TransientRetry;
import io.smallrye.reactive.messaging.kafka.KafkaClientService;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * Pauses a channel's partitions while any of its batches waits on a dependency, so that the
 * consumer stops fetching work it could not apply, and resumes them when the last waiting batch
 * went through. The consumer keeps polling (paused) meanwhile, so it stays in its group.
 */
@ApplicationScoped
public class ChannelPauses {

    private static final Logger LOG = Logger.getLogger(ChannelPauses.class);
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(10);

    private final KafkaClientService kafka;
    private final Map<String, AtomicInteger> waiting = new ConcurrentHashMap<>();

    public ChannelPauses(KafkaClientService kafka) {
        this.kafka = kafka;
    }

    TransientRetry.Listener whileWaiting(String channel) {
        return new TransientRetry.Listener() {
            @Override
            public void waiting(Throwable cause) {
                if (counter(channel).getAndIncrement() == 0) {
                    call(channel, true);
                }
            }

            @Override
            public void recovered() {
                if (counter(channel).decrementAndGet() == 0) {
                    call(channel, false);
                }
            }
        };
    }

    private AtomicInteger counter(String channel) {
        return waiting.computeIfAbsent(channel, c -> new AtomicInteger());
    }

    private void call(String channel, boolean pause) {
        var consumer = kafka.getConsumer(channel);
        if (consumer == null) {
            return;
        }
        try {
            if (pause) {
                consumer.pause().await().atMost(CALL_TIMEOUT);
                LOG.infof("%s: partitions paused until the dependency is back", channel);
            } else {
                consumer.resume().await().atMost(CALL_TIMEOUT);
                LOG.infof("%s: partitions resumed", channel);
            }
        } catch (RuntimeException failed) {
            // Pausing is an economy: the waiting batch holds the channel's progress either way.
            LOG.warnf("%s: could not %s the partitions: %s", channel, pause ? "pause" : "resume", failed.getMessage());
        }
    }
}
