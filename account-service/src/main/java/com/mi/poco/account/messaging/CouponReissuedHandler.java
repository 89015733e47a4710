package com.mi.poco.account.messaging;

import com.mi.poco.account.service.StepReports;
import com.mi.poco.events.CouponReissued;
import com.mi.poco.events.EventType;
import com.mi.poco.messaging.inbox.Inbox;
import com.mi.poco.messaging.inbox.Subscriber;
import com.mi.poco.messaging.inbox.Subscription;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.inject.Singleton;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** The coupons step of a migration reported: applied once per event id, whatever the redelivery. */
@Singleton
public class CouponReissuedHandler extends Subscriber<CouponReissued> {

    public CouponReissuedHandler(Inbox inbox, StepReports reports) {
        super(inbox, Subscription.to(EventType.COUPON_REISSUED, CouponReissued.class, reports::couponsReissued));
    }

    @Incoming("coupon-reissued")
    @Blocking(value = "event-handlers", ordered = false)
    public void handle(ConsumerRecords<String, String> batch) {
        apply(batch);
    }
}
