package com.mi.poco.messaging;

import com.mi.poco.events.AccountErased;
import com.mi.poco.events.EventType;
import com.mi.poco.messaging.inbox.BatchHandler;
import com.mi.poco.messaging.inbox.Inbox;
import com.mi.poco.messaging.inbox.Subscriber;
import com.mi.poco.messaging.inbox.Subscription;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.inject.Singleton;
import jakarta.persistence.EntityManager;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * The test application's one subscriber, wired as a service's is: each account-erased event becomes a
 * {@code noted_erasure} row in the inbox's transaction. An event for a Mi account listed in
 * {@code refused_account} is refused (thrown at), as a service refuses an event its rules cannot take;
 * deleting the row mends the cause.
 */
@Singleton
public class NotedErasures extends Subscriber<AccountErased> {

    public NotedErasures(Inbox inbox, EntityManager entityManager) {
        super(inbox, Subscription.to(EventType.ACCOUNT_ERASED, AccountErased.class,
                BatchHandler.each(erased -> note(entityManager, erased))));
    }

    @Incoming("account-erased")
    @Blocking(value = "event-handlers", ordered = false)
    public void handle(ConsumerRecords<String, String> batch) {
        apply(batch);
    }

    private static void note(EntityManager entityManager, AccountErased erased) {
        boolean refused = !entityManager.createNativeQuery("SELECT 1 FROM refused_account WHERE mi_account_id = ?1")
                .setParameter(1, erased.miAccountId()).getResultList().isEmpty();
        if (refused) {
            throw new IllegalStateException("Mi account " + erased.miAccountId() + " is refused for now");
        }
        entityManager.createNativeQuery("INSERT INTO noted_erasure (mi_account_id) VALUES (?1)")
                .setParameter(1, erased.miAccountId()).executeUpdate();
    }
}
