package com.mi.poco.steps;

import com.mi.poco.events.AccountErased;
import com.mi.poco.events.EventType;
import com.mi.poco.messaging.inbox.BatchHandler;
import com.mi.poco.messaging.inbox.Inbox;
import com.mi.poco.messaging.inbox.Subscriber;
import com.mi.poco.messaging.inbox.Subscription;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.inject.Singleton;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * A Mi account's data was erased on request: each step records it ({@link MigrationSteps#erase}) and
 * shows that account to nobody from then on, keeping its rows for the books. One handler for every
 * service that depends on this module.
 */
@Singleton
public class AccountErasedHandler extends Subscriber<AccountErased> {

    public AccountErasedHandler(Inbox inbox, MigrationSteps steps) {
        super(inbox, Subscription.to(EventType.ACCOUNT_ERASED, AccountErased.class, BatchHandler.each(steps::erase)));
    }

    @Incoming("account-erased")
    @Blocking(value = "event-handlers", ordered = false)
    public void handle(ConsumerRecords<String, String> batch) {
        apply(batch);
    }
}
