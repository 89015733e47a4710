package com.mi.poco.platform.db;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.Transactional;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hibernate.Session;
import org.hibernate.StatelessSession;

/**
 * Writes that wait for the end of the transaction: new entities to insert and changed ones to update,
 * written just before it commits through a stateless session on its connection, in JDBC batches of
 * one entity type each. They skip the persistence context, whose work for each entity (a snapshot,
 * dirty checking at flush, the action queue) was about a third of a consuming service's time in a
 * migration, for entities a transaction writes and never reads back.
 *
 * <p>Inserts go first, by entity type in the order the types were first added, so an entity added
 * after the one it refers to is inserted after it; updates follow. They are written after the
 * persistence context's own flush: an entity managed there must not refer to one waiting here. Nothing
 * waiting here is visible to a query of the same transaction. A failed write rolls the transaction back.
 */
@ApplicationScoped
public class DeferredWrites {

    private final EntityManager entityManager;
    private final TransactionSynchronizationRegistry transactions;

    public DeferredWrites(EntityManager entityManager, TransactionSynchronizationRegistry transactions) {
        this.entityManager = entityManager;
        this.transactions = transactions;
    }

    /** Inserts {@code entity} (new, not persisted) when the transaction commits. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void insert(Object entity) {
        pending().inserts.computeIfAbsent(entity.getClass(), type -> new ArrayList<>()).add(entity);
    }

    /** Updates {@code entity} (not managed, or loaded read-only, and changed) when the transaction commits. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void update(Object entity) {
        pending().updates.computeIfAbsent(entity.getClass(), type -> new ArrayList<>()).add(entity);
    }

    private Pending pending() {
        Pending pending = (Pending) transactions.getResource(Pending.class);
        if (pending == null) {
            // Opened now, while the transaction runs: the session joins it here if it had not, so its
            // own flush is registered first, and the stateless session shares its connection.
            pending = new Pending(entityManager.unwrap(Session.class).statelessWithOptions().connection().open());
            transactions.putResource(Pending.class, pending);
            transactions.registerInterposedSynchronization(pending);
        }
        return pending;
    }

    private final class Pending implements Synchronization {

        private final StatelessSession writes;
        private final Map<Class<?>, List<Object>> inserts = new LinkedHashMap<>();
        private final Map<Class<?>, List<Object>> updates = new LinkedHashMap<>();

        Pending(StatelessSession writes) {
            this.writes = writes;
        }

        @Override
        public void beforeCompletion() {
            if (transactions.getTransactionStatus() != Status.STATUS_ACTIVE) {
                return; // marked for rollback: nothing to write
            }
            inserts.values().forEach(entities -> {
                writes.setJdbcBatchSize(entities.size());
                writes.insertMultiple(entities);
            });
            updates.values().forEach(entities -> {
                writes.setJdbcBatchSize(entities.size());
                writes.updateMultiple(entities);
            });
        }

        @Override
        public void afterCompletion(int status) {
            writes.close();
        }
    }
}
