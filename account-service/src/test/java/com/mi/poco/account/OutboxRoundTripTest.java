package com.mi.poco.account;

import com.mi.poco.events.EventType;
import com.mi.poco.testing.OutboxRoundTripContract;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class OutboxRoundTripTest extends OutboxRoundTripContract {

    @Override
    protected EventType publishedEvent() {
        return EventType.ACCOUNT_MIGRATED;
    }
}
