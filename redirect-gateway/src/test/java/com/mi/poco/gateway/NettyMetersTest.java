package com.mi.poco.gateway;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.not;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

/** The event loops are measured, without the untagged workers gauge that Micrometer refused with a WARN at each start. */
@QuarkusTest
class NettyMetersTest {

    @Inject
    MeterRegistry registry;

    @Test
    void theEventLoopsAreMeasuredWithoutTheUntaggedWorkersGauge() {
        assertThat(registry.find("netty.eventexecutor.tasks.pending").gauges(), not(empty()));
        assertThat(registry.find("netty.eventexecutor.workers").gauges(), empty());
    }
}
