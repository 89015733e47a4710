package com.mi.poco.platform.inbox;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

/**
 * The consuming side of "nothing twice": an event id is recorded in the same transaction as the
 * change it causes. Redelivery (a retry, a rebalance, a second instance) finds the id and does nothing.
 */
@ApplicationScoped
public class Inbox {

    private static final String RECORD = """
            INSERT INTO processed_event (consumer, event_id, processed_at)
            VALUES (:consumer, :eventId, now())
            ON CONFLICT DO NOTHING""";

    private final EntityManager entityManager;

    public Inbox(EntityManager entityManager) {
        this.entityManager = entityManager;
    }

    /**
     * Records that {@code consumer} is applying {@code eventId}; false if it already did (then the
     * caller must change nothing). Inserting first makes concurrent deliveries wait on the row lock.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean firstDelivery(String consumer, String eventId) {
        return entityManager.createNativeQuery(RECORD)
                .setParameter("consumer", consumer)
                .setParameter("eventId", eventId)
                .executeUpdate() == 1;
    }
}
