package com.mi.poco.platform.imports;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "imports")
public interface ImportConfig {

    /** Largest body one import request may carry; larger files are sent in parts (see the CLI). */
    @WithDefault("64M")
    MemorySize maxBodySize();

    /** Longest line accepted; a longer one is rejected without being held in memory. */
    @WithDefault("64K")
    MemorySize maxLineLength();

    /** Lines applied per database transaction. */
    @WithDefault("500")
    int chunkSize();

    /** Rejections listed in a report; the count is always complete. */
    @WithDefault("1000")
    int maxRejectionsReported();

    /** The {@code Retry-After} of a part that met a database outage (503): the CLI waits at least this long. */
    @WithDefault("5s")
    java.time.Duration retryAfter();
}
