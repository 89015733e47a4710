package com.mi.poco.messaging;

import com.mi.poco.events.EventType;
import com.mi.poco.testing.OutboxRoundTripContract;
import io.quarkus.test.junit.QuarkusTest;

/** The outbox's contract in an application that has nothing else: no service's writes or handlers around it. */
@QuarkusTest
class OutboxRoundTripTest extends OutboxRoundTripContract {

    @Override
    protected EventType publishedEvent() {
        return EventType.POINTS_CONVERTED;
    }
}
