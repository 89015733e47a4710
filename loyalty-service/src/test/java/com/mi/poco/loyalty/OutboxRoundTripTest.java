package com.mi.poco.loyalty;

import com.mi.poco.events.EventType;
import com.mi.poco.testing.OutboxRoundTripContract;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class OutboxRoundTripTest extends OutboxRoundTripContract {

    @Override
    protected EventType publishedEvent() {
        return EventType.POINTS_CONVERTED;
    }
}
