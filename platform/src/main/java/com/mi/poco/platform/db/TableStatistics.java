package com.mi.poco.platform.db;

import com.mi.poco.platform.imports.LinesImported;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.hibernate.Session;
import org.jboss.logging.Logger;

/**
 * Keeps the planner's statistics of this service's tables fresh when the server's autovacuum is off,
 * as it is on the machines this project is built and measured on. Without them, PostgreSQL plans a
 * table bulk-loaded with a million rows with default guesses (a join of migrated accounts with their
 * unsettled records was planned as a nested loop over all of them).
 *
 * <p>A table is analyzed when the planner has no statistics for it yet (never analyzed, and more than
 * {@code autovacuum_analyze_threshold} rows changed), or when it holds ten times the rows it held at
 * its last ANALYZE: the planner scales the statistics it has by the table's current size, so only an
 * order of magnitude changes the plans. (Autovacuum's own rule, 10% of the rows changed, analyzed the
 * outbox and account tables every 30 s during a migration of 1,000,000 accounts: 200 s of database
 * time, each ANALYZE reading 30,000 random pages.) Checked after an import that stored lines
 * (PostgreSQL's advice for bulk loads: run ANALYZE afterwards) and every {@code
 * statistics.check-interval}, at most once per interval. Where autovacuum is on, it does nothing.
 * Instances of one service take turns through an advisory lock instead of analyzing twice.
 */
@ApplicationScoped
public class TableStatistics {

    private static final Logger LOG = Logger.getLogger(TableStatistics.class);
    private static final String DUE = """
            SELECT format('%I.%I', s.schemaname, s.relname)
            FROM pg_stat_user_tables s JOIN pg_class c ON c.oid = s.relid
            WHERE current_setting('autovacuum') = 'off'
              AND s.n_mod_since_analyze > current_setting('autovacuum_analyze_threshold')::float8
              AND (c.reltuples < 0 OR s.n_live_tup > 10 * greatest(c.reltuples,
                                                                   current_setting('autovacuum_analyze_threshold')::float8))
            ORDER BY s.relname""";
    /** One analyzer per database at a time: the key is this class's, the lock the transaction's. */
    private static final String TAKE_TURN = "SELECT pg_try_advisory_xact_lock(hashtext('TableStatistics'))";

    private final EntityManager entityManager;
    private final Duration interval;
    private final AtomicLong lastCheck = new AtomicLong();

    public TableStatistics(EntityManager entityManager,
            @ConfigProperty(name = "statistics.check-interval", defaultValue = "30s") Duration interval) {
        this.entityManager = entityManager;
        this.interval = interval;
        lastCheck.set(System.nanoTime() - interval.toNanos());
    }

    void afterImport(@Observes LinesImported imported) {
        long last = lastCheck.get();
        if (System.nanoTime() - last >= interval.toNanos() && lastCheck.compareAndSet(last, System.nanoTime())) {
            refresh();
        }
    }

    @Scheduled(every = "${statistics.check-interval:30s}", delayed = "${statistics.check-interval:30s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void periodically() {
        lastCheck.set(System.nanoTime());
        refresh();
    }

    /** Analyzes the tables that are due (see above). Never fails its caller: the planner keeps what it has. */
    private void refresh() {
        try {
            QuarkusTransaction.requiringNew().run(() -> entityManager.unwrap(Session.class).doWork(connection -> {
                try (Statement statement = connection.createStatement()) {
                    try (ResultSet turn = statement.executeQuery(TAKE_TURN)) {
                        if (!turn.next() || !turn.getBoolean(1)) {
                            return;
                        }
                    }
                    List<String> due = new ArrayList<>();
                    try (ResultSet tables = statement.executeQuery(DUE)) {
                        while (tables.next()) {
                            due.add(tables.getString(1));
                        }
                    }
                    for (String table : due) {
                        statement.execute("ANALYZE " + table);
                    }
                    LOG.debugf("Analyzed %s", due);
                }
            }));
        } catch (RuntimeException failed) {
            LOG.warnf("Table statistics not refreshed (the planner keeps the ones it has): %s", failed.getMessage());
        }
    }
}
