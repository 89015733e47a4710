package com.mi.poco.account.messaging;

import com.mi.poco.account.service.StepReports;
import com.mi.poco.events.EventType;
import com.mi.poco.events.PointsConverted;
import com.mi.poco.messaging.inbox.Inbox;
import com.mi.poco.messaging.inbox.Subscriber;
import com.mi.poco.messaging.inbox.Subscription;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.inject.Singleton;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** The points step of a migration reported: applied once per event id, whatever the redelivery. */
@Singleton
public class PointsConvertedHandler extends Subscriber<PointsConverted> {

    public PointsConvertedHandler(Inbox inbox, StepReports reports) {
        super(inbox, Subscription.to(EventType.POINTS_CONVERTED, PointsConverted.class, reports::pointsConverted));
    }

    @Incoming("points-converted")
    @Blocking(value = "event-handlers", ordered = false)
    public void handle(ConsumerRecords<String, String> batch) {
        apply(batch);
    }
}
