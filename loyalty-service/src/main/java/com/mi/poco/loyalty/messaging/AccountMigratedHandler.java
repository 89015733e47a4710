package com.mi.poco.loyalty.messaging;

import com.mi.poco.events.AccountMigrated;
import com.mi.poco.events.EventType;
import com.mi.poco.loyalty.service.PointsConverter;
import com.mi.poco.platform.inbox.Inbox;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** An account migrated: its points are converted once per event id, whatever the redelivery. */
@ApplicationScoped
public class AccountMigratedHandler {

    private final Inbox inbox;
    private final PointsConverter converter;

    public AccountMigratedHandler(Inbox inbox, PointsConverter converter) {
        this.inbox = inbox;
        this.converter = converter;
    }

    @Incoming("account-migrated")
    @Blocking(value = "event-handlers", ordered = false)
    public void handle(ConsumerRecords<String, String> batch) {
        inbox.applyBatch("loyalty-service.account-migrated", "account-migrated", batch, EventType.ACCOUNT_MIGRATED,
                AccountMigrated.class, converter::accountsMigrated);
    }
}
