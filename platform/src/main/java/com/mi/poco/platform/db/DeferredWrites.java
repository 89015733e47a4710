package com.mi.poco.platform.db;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hibernate.Session;
import org.hibernate.SessionFactory;
import org.hibernate.StatelessSession;

/**
 * Writes that wait for the end of the transaction, for rows a transaction writes and never reads
 * back: rows for {@link BulkStatement}s, and new entities. Just before the commit, each bulk statement
 * runs once for all its rows, and entities are inserted through a stateless session in JDBC batches
 * of one type each. Both skip the persistence context, whose work for each entity (a snapshot, dirty
 * checking at flush, the action queue) was about a third of a consuming service's time in a migration;
 * a bulk statement also skips the ORM's work per row, and PostgreSQL's plan and execution per row.
 *
 * <p>Entity inserts go first, by type in the order the types were first added, so an entity added
 * after the one it refers to is inserted after it; bulk statements follow, in the order they were
 * first added, with the same effect. All of it is written after the persistence context's own flush:
 * an entity managed there must not refer to a row waiting here. Nothing waiting here is visible to a
 * query of the same transaction. A failed write rolls the transaction back.
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

    /** Adds {@code record} to a table's bulk write (its columns as {@code rows} declares them). */
    @Transactional(Transactional.TxType.MANDATORY)
    public <R> void add(BulkRows<R> rows, R record) {
        add(rows.statement(), rows.row(record));
    }

    /** Adds a row to {@code statement}: its parameters' elements, in order (written as text; null stays null). */
    @Transactional(Transactional.TxType.MANDATORY)
    public void add(BulkStatement statement, Object... row) {
        if (row.length != statement.parameters()) {
            throw new IllegalArgumentException(statement.parameters() + " values expected, not " + row.length);
        }
        pending().rows.computeIfAbsent(statement, s -> new ArrayList<>()).add(row);
    }

    private Pending pending() {
        Pending pending = (Pending) transactions.getResource(Pending.class);
        if (pending == null) {
            // Opened now, while the transaction runs: it joins the transaction, and its connection is the
            // transaction's. The session is made to join first, so its own flush is registered first.
            entityManager.unwrap(Session.class).isJoinedToTransaction();
            pending = new Pending(entityManager.getEntityManagerFactory().unwrap(SessionFactory.class)
                    .openStatelessSession());
            transactions.putResource(Pending.class, pending);
            transactions.registerInterposedSynchronization(pending);
        }
        return pending;
    }

    private final class Pending implements Synchronization {

        private final StatelessSession writes;
        private final Map<Class<?>, List<Object>> inserts = new LinkedHashMap<>();
        private final Map<BulkStatement, List<Object[]>> rows = new LinkedHashMap<>();

        Pending(StatelessSession writes) {
            this.writes = writes;
        }

        /** Writes, and closes the stateless session before the data source sees the commit. */
        @Override
        public void beforeCompletion() {
            try (writes) {
                if (transactions.getTransactionStatus() != Status.STATUS_ACTIVE) {
                    return; // marked for rollback: nothing to write
                }
                inserts.values().forEach(entities -> {
                    writes.setJdbcBatchSize(entities.size());
                    writes.insertMultiple(entities);
                });
                writes.doWork(connection -> {
                    for (Map.Entry<BulkStatement, List<Object[]>> statement : rows.entrySet()) {
                        statement.getKey().execute(connection, statement.getValue());
                    }
                });
            }
        }

        /** A rollback may come without {@link #beforeCompletion}. */
        @Override
        public void afterCompletion(int status) {
            if (writes.isOpen()) {
                writes.close();
            }
        }
    }
}
