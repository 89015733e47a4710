package com.mi.poco.steps;

import com.mi.poco.events.AccountMigrated;
import com.mi.poco.events.EventType;
import com.mi.poco.messaging.inbox.Inbox;
import com.mi.poco.messaging.inbox.Subscriber;
import com.mi.poco.messaging.inbox.Subscription;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.inject.Singleton;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Accounts migrated: the service's {@link MigrationStep} applies each event once per event id, whatever
 * the redelivery. One handler for every service that depends on this module, as for erasures.
 */
@Singleton
public class AccountMigratedHandler extends Subscriber<AccountMigrated> {

    public AccountMigratedHandler(Inbox inbox, MigrationStep step) {
        super(inbox, Subscription.to(EventType.ACCOUNT_MIGRATED, AccountMigrated.class, step::accountsMigrated));
    }

    @Incoming("account-migrated")
    @Blocking(value = "event-handlers", ordered = false)
    public void handle(ConsumerRecords<String, String> batch) {
        apply(batch);
    }
}
