package com.mi.poco.messaging.outbox;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

@ConfigMapping(prefix = "outbox")
public interface OutboxConfig {

    /** How often the relay looks for pending events when no commit woke it. */
    @WithDefault("1s")
    Duration pollInterval();

    /** How long the relay waits after a failed send (broker unreachable) before trying again. */
    @WithDefault("2s")
    Duration retryInterval();

    /** Events sent to Kafka per relay transaction. */
    @WithDefault("500")
    int batchSize();

    /** How long the relay waits for the broker's acks before it gives the batch back. */
    @WithDefault("30s")
    Duration sendTimeout();

    /**
     * How far back before the newest event it relayed the relay looks for pending events, so that an
     * event whose transaction committed after later ones is still found at once; one whose
     * transaction took longer is found by the next full scan.
     */
    @WithDefault("10s")
    Duration scanWindow();

    /** How often the relay looks at every pending event, however old (clock skew between instances). */
    @WithDefault("10s")
    Duration fullScanInterval();

    /** How long published events stay in the table (for audit and replay) before they are purged. */
    @WithDefault("P7D")
    Duration retention();

    /**
     * Sends of one event that the broker refused for the event's own sake (too large, an invalid topic)
     * before the relay parks it: a parked event blocks nothing, is counted in {@code
     * outbox.events.parked} and listed for ops, who republish it once the cause is mended. A broker
     * that is down counts no attempt.
     */
    @WithDefault("5")
    int maxAttempts();

    /**
     * The largest event (payload and key) the outbox records; it must stay below the producer's
     * {@code max.request.size} (1 MiB by default) less the record's headers and framing.
     */
    @WithDefault("1000K")
    io.quarkus.runtime.configuration.MemorySize maxEventSize();
}
