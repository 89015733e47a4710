package com.mi.poco.platform.faults;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** How work that met a transient failure waits before it tries again (exponential, with jitter). */
@ConfigMapping(prefix = "transient-retry")
public interface RetryConfig {

    /** The wait after the first failure. */
    @WithDefault("200ms")
    Duration initialDelay();

    /** The longest wait between two attempts: how soon work resumes once the dependency is back. */
    @WithDefault("5s")
    Duration maxDelay();

    /**
     * The share of each wait that is random (0 to 1), so that instances and consumers that failed
     * together do not all try again at the same moment.
     */
    @WithDefault("0.5")
    double jitter();
}
