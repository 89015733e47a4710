package com.mi.poco.web;

import io.micrometer.core.instrument.config.MeterFilter;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * Quarkus 3.31's Netty binder registers Micrometer's {@code netty.eventexecutor.workers} gauge once per
 * event-loop group (Vert.x's acceptor and its event loops) under one untagged name: Micrometer refuses
 * the second with a WARN at every start of every service ("This Gauge has been already registered"),
 * and the gauge kept counts the first group's threads only. Until that is fixed upstream
 * (quarkusio/quarkus#52014) the gauge is not registered; the other Netty meters (tasks pending per
 * event loop, the allocators) are.
 */
@Singleton
public class NettyMeters {

    private static final String UNTAGGED_WORKERS = "netty.eventexecutor.workers";

    @Produces
    @Singleton
    MeterFilter withoutTheUntaggedWorkersGauge() {
        return MeterFilter.deny(id -> id.getName().equals(UNTAGGED_WORKERS));
    }
}
