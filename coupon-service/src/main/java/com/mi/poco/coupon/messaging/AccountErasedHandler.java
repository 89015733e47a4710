package com.mi.poco.coupon.messaging;

import com.mi.poco.events.AccountErased;
import com.mi.poco.events.EventType;
import com.mi.poco.platform.inbox.BatchHandler;
import com.mi.poco.platform.inbox.Inbox;
import com.mi.poco.platform.steps.MigrationSteps;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** A Mi account's data was erased on request: shown to nobody from now on, kept for the books. */
@ApplicationScoped
public class AccountErasedHandler {

    private final Inbox inbox;
    private final MigrationSteps steps;

    public AccountErasedHandler(Inbox inbox, MigrationSteps steps) {
        this.inbox = inbox;
        this.steps = steps;
    }

    @Incoming("account-erased")
    @Blocking(value = "event-handlers", ordered = false)
    public void handle(ConsumerRecords<String, String> batch) {
        inbox.applyBatch("coupon-service.account-erased", "account-erased", batch, EventType.ACCOUNT_ERASED,
                AccountErased.class, BatchHandler.each(steps::erase));
    }
}
