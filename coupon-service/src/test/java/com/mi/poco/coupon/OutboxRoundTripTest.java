package com.mi.poco.coupon;

import com.mi.poco.events.EventType;
import com.mi.poco.testing.OutboxRoundTripContract;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class OutboxRoundTripTest extends OutboxRoundTripContract {

    @Override
    protected EventType publishedEvent() {
        return EventType.COUPON_REISSUED;
    }
}
