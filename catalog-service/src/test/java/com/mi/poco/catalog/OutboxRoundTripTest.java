package com.mi.poco.catalog;

import com.mi.poco.events.EventType;
import com.mi.poco.testing.OutboxRoundTripContract;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class OutboxRoundTripTest extends OutboxRoundTripContract {

    @Override
    protected EventType publishedEvent() {
        return EventType.CATALOG_ROUTE_CHANGED;
    }
}
