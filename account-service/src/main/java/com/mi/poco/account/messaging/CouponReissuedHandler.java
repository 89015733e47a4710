package com.mi.poco.account.messaging;

import com.mi.poco.account.service.StepReports;
import com.mi.poco.events.CouponReissued;
import com.mi.poco.events.EventType;
import com.mi.poco.messaging.inbox.Inbox;
import com.mi.poco.messaging.inbox.Subscriber;
import com.mi.poco.messaging.inbox.Subscription;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** The coupons step of a migration reported: applied once per event id, whatever the redelivery. */
@ApplicationScoped
public class CouponReissuedHandler implements Subscriber {

    private final Inbox inbox;
    private final Subscription<CouponReissued> subscription;

    public CouponReissuedHandler(Inbox inbox, StepReports reports) {
        this.inbox = inbox;
        this.subscription = Subscription.to(EventType.COUPON_REISSUED, CouponReissued.class, reports::couponsReissued);
    }

    @Incoming("coupon-reissued")
    @Blocking(value = "event-handlers", ordered = false)
    public void handle(ConsumerRecords<String, String> batch) {
        inbox.applyBatch(subscription, batch);
    }

    @Override
    public Subscription<CouponReissued> subscription() {
        return subscription;
    }
}
