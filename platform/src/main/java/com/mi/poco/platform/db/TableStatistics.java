package com.mi.poco.platform.db;

import com.mi.poco.platform.imports.LinesImported;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.hibernate.Session;
import org.jboss.logging.Logger;

/**
 * Keeps the planner's statistics of this service's tables fresh when the server's autovacuum is off
 * (it is on the machines this project is built and measured on). Without them, PostgreSQL plans for
 * the table it saw last: a table loaded with a million rows since, or a partial index that was full
 * at the import and is nearly empty once migrated, gets a sequential scan where an index probe was
 * right (measured: 43 ms instead of 0.1 ms for one lookup of 500 e-mails at 100,000 accounts).
 *
 * <p>It applies autovacuum's own rule: a table is analyzed once more rows changed since its last
 * ANALYZE than {@code autovacuum_analyze_threshold + autovacuum_analyze_scale_factor × rows}; checked
 * after every import that stored lines (PostgreSQL's advice for bulk loads: run ANALYZE afterwards)
 * and every {@code statistics.check-interval} while the service works. Where autovacuum is on, it does
 * nothing. Instances of one service take turns through an advisory lock instead of analyzing twice.
 */
@ApplicationScoped
public class TableStatistics {

    private static final Logger LOG = Logger.getLogger(TableStatistics.class);
    private static final String STALE = """
            SELECT format('%I.%I', s.schemaname, s.relname)
            FROM pg_stat_user_tables s JOIN pg_class c ON c.oid = s.relid
            WHERE current_setting('autovacuum') = 'off'
              AND s.n_mod_since_analyze > current_setting('autovacuum_analyze_threshold')::float8
                  + current_setting('autovacuum_analyze_scale_factor')::float8 * greatest(c.reltuples, 0)
            ORDER BY s.relname""";
    /** One analyzer per database at a time: the key is this class's, the lock the transaction's. */
    private static final String TAKE_TURN = "SELECT pg_try_advisory_xact_lock(hashtext('TableStatistics'))";

    private final EntityManager entityManager;

    public TableStatistics(EntityManager entityManager) {
        this.entityManager = entityManager;
    }

    void afterImport(@Observes LinesImported imported) {
        refresh();
    }

    @Scheduled(every = "${statistics.check-interval:30s}", delayed = "${statistics.check-interval:30s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void periodically() {
        refresh();
    }

    /** Analyzes the tables autovacuum would analyze now; returns them. Never fails its caller. */
    public List<String> refresh() {
        try {
            return QuarkusTransaction.requiringNew().call(() -> entityManager.unwrap(Session.class)
                    .doReturningWork(connection -> {
                        List<String> stale = new ArrayList<>();
                        try (Statement statement = connection.createStatement()) {
                            try (ResultSet turn = statement.executeQuery(TAKE_TURN)) {
                                if (!turn.next() || !turn.getBoolean(1)) {
                                    return stale;
                                }
                            }
                            try (ResultSet tables = statement.executeQuery(STALE)) {
                                while (tables.next()) {
                                    stale.add(tables.getString(1));
                                }
                            }
                            for (String table : stale) {
                                statement.execute("ANALYZE " + table);
                            }
                        }
                        if (!stale.isEmpty()) {
                            LOG.debugf("Analyzed %s", stale);
                        }
                        return stale;
                    }));
        } catch (RuntimeException failed) {
            LOG.warnf("Table statistics not refreshed (the planner keeps the ones it has): %s", failed.getMessage());
            return List.of();
        }
    }
}
