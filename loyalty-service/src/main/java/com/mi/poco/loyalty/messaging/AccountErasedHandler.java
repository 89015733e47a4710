package com.mi.poco.loyalty.messaging;

import com.mi.poco.events.AccountErased;
import com.mi.poco.events.EventType;
import com.mi.poco.platform.inbox.BatchHandler;
import com.mi.poco.platform.inbox.Inbox;
import com.mi.poco.platform.inbox.Subscriber;
import com.mi.poco.platform.inbox.Subscription;
import com.mi.poco.platform.steps.MigrationSteps;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** A Mi account's data was erased on request: shown to nobody from now on, kept for the books. */
@ApplicationScoped
public class AccountErasedHandler implements Subscriber {

    private final Inbox inbox;
    private final Subscription<AccountErased> subscription;

    public AccountErasedHandler(Inbox inbox, MigrationSteps steps) {
        this.inbox = inbox;
        this.subscription = Subscription.to(EventType.ACCOUNT_ERASED, AccountErased.class, BatchHandler.each(steps::erase));
    }

    @Incoming("account-erased")
    @Blocking(value = "event-handlers", ordered = false)
    public void handle(ConsumerRecords<String, String> batch) {
        inbox.applyBatch(subscription, batch);
    }

    @Override
    public Subscription<AccountErased> subscription() {
        return subscription;
    }
}
