package com.mi.poco.account.service;

import com.mi.poco.account.MigrationState;
import com.mi.poco.account.StepTotals;
import com.mi.poco.events.CouponReissued;
import com.mi.poco.events.PointsConverted;
import com.mi.poco.messaging.PoisonEventException;
import com.mi.poco.platform.db.BulkRows;
import com.mi.poco.platform.db.Columns;
import com.mi.poco.platform.db.DeferredWrites;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import java.util.function.Function;
import org.hibernate.Session;

/**
 * Follows each migrated account to COMPLETED as the points and coupons steps report. A batch of
 * reports locks its accounts' rows first, in one query and in id order: the two reports of an
 * account arrive on different topics, at the same time, and are applied by concurrent batches. The
 * reports are applied in memory ({@link StepTotals}) and written back in one statement at commit
 * ({@link DeferredWrites}); as entities, loading them and flushing one update each was two fifths of
 * the service's time in a migration. At the batch's end, the accounts it completed are added to their
 * migration's count.
 */
@ApplicationScoped
public class StepReports {

    /**
     * Concurrent batches add their completions to one of a migration's shards, picked at random: two
     * batches wait on each other only when they pick the same one.
     */
    private static final int COMPLETED_SHARDS = 8;
    private static final String ADD_COMPLETED = """
            INSERT INTO migration_completed (migration_id, shard, accounts) VALUES (?1, ?2, ?3)
            ON CONFLICT (migration_id, shard) DO UPDATE SET accounts = migration_completed.accounts + EXCLUDED.accounts""";
    /** The step totals of a batch's accounts, locked in id order. */
    private static final String LOCK = """
            SELECT poco_account_id, mi_account_id, migration_id, migration_state, completed_at,
                   points_reported_at, points_conversions, poco_points_converted, mi_points_credited, expired_points,
                   coupons_reported_at, coupons_reissued, coupons_not_reissued
            FROM poco_account WHERE poco_account_id = ANY (?)
            ORDER BY poco_account_id
            FOR UPDATE""";
    /** The step totals written back, one statement for the batch's accounts. */
    private static final BulkRows<StepTotals> WRITE = BulkRows.<StepTotals>update("poco_account", "poco_account_id")
            .column("poco_account_id", "text", a -> a.pocoAccountId)
            .column("migration_state", "text", a -> a.migrationState)
            .column("completed_at", "timestamptz", a -> a.completedAt)
            .column("points_reported_at", "timestamptz", a -> a.pointsReportedAt)
            .column("points_conversions", "int", a -> a.pointsConversions)
            .column("poco_points_converted", "bigint", a -> a.pocoPointsConverted)
            .column("mi_points_credited", "bigint", a -> a.miPointsCredited)
            .column("expired_points", "bigint", a -> a.expiredPoints)
            .column("coupons_reported_at", "timestamptz", a -> a.couponsReportedAt)
            .column("coupons_reissued", "int", a -> a.couponsReissued)
            .column("coupons_not_reissued", "int", a -> a.couponsNotReissued)
            .build();

    private final EntityManager entityManager;
    private final DeferredWrites writes;

    public StepReports(EntityManager entityManager, DeferredWrites writes) {
        this.entityManager = entityManager;
        this.writes = writes;
    }

    /** A batch of {@code points-converted} not applied before: each applied to its account, the outcome written whole. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void pointsConverted(List<PointsConverted> reports) {
        apply(reports, PointsConverted::pocoAccountId, PointsConverted::miAccountId, StepTotals::pointsConverted);
    }

    /** A batch of {@code coupon-reissued} not applied before: each applied to its account, the outcome written whole. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void couponsReissued(List<CouponReissued> reports) {
        apply(reports, CouponReissued::pocoAccountId, CouponReissued::miAccountId, StepTotals::couponsReissued);
    }

    /** How a report of type R adds to its account's totals ({@link StepTotals#pointsConverted}, ...). */
    @FunctionalInterface
    private interface Report<R> {
        void addTo(StepTotals totals, R report, Instant at);
    }

    private <R> void apply(List<R> reports, Function<R, String> pocoAccountId, Function<R, String> miAccountId,
            Report<R> report) {
        Map<String, StepTotals> accounts = lockAccounts(reports.stream().map(pocoAccountId).toList());
        Reports outcome = new Reports();
        for (R each : reports) {
            StepTotals account = migratedAccount(accounts, pocoAccountId.apply(each), miAccountId.apply(each));
            outcome.apply(account, totals -> report.addTo(totals, each, Instant.now()));
        }
        outcome.write();
    }

    private Map<String, StepTotals> lockAccounts(List<String> pocoAccountIds) {
        return entityManager.unwrap(Session.class).doReturningWork(connection -> {
            try (PreparedStatement lock = connection.prepareStatement(LOCK)) {
                lock.setArray(1, connection.createArrayOf("varchar", pocoAccountIds.stream().distinct().toArray()));
                Map<String, StepTotals> accounts = new LinkedHashMap<>();
                try (ResultSet rows = lock.executeQuery()) {
                    while (rows.next()) {
                        StepTotals account = new StepTotals(rows.getString("poco_account_id"),
                                rows.getString("mi_account_id"), rows.getObject("migration_id", UUID.class),
                                MigrationState.valueOf(rows.getString("migration_state")));
                        account.completedAt = instant(rows, "completed_at");
                        account.pointsReportedAt = instant(rows, "points_reported_at");
                        account.pointsConversions = rows.getInt("points_conversions");
                        account.pocoPointsConverted = rows.getLong("poco_points_converted");
                        account.miPointsCredited = rows.getLong("mi_points_credited");
                        account.expiredPoints = rows.getLong("expired_points");
                        account.couponsReportedAt = instant(rows, "coupons_reported_at");
                        account.couponsReissued = rows.getInt("coupons_reissued");
                        account.couponsNotReissued = rows.getInt("coupons_not_reissued");
                        accounts.put(account.pocoAccountId, account);
                    }
                }
                return accounts;
            }
        });
    }

    private static Instant instant(ResultSet rows, String column) throws SQLException {
        return Columns.instant(rows.getObject(column));
    }

    /** A report about an account this service never migrated, or to another Mi account, can never apply. */
    private static StepTotals migratedAccount(Map<String, StepTotals> accounts, String pocoAccountId,
            String miAccountId) {
        StepTotals account = accounts.get(pocoAccountId);
        if (account == null || account.migrationState == MigrationState.PENDING) {
            throw new PoisonEventException("not-migrated", "POCO account " + pocoAccountId + " has not been migrated");
        }
        if (!account.miAccountId.equals(miAccountId)) {
            throw new PoisonEventException("other-mi-account", "POCO account " + pocoAccountId + " belongs to Mi account "
                    + account.miAccountId + ", not " + miAccountId);
        }
        return account;
    }

    /**
     * What a batch of reports adds up to: the accounts reported about, each written once however many
     * reports it had, and per migration the accounts that completed.
     */
    private final class Reports {

        private final Map<String, StepTotals> reported = new LinkedHashMap<>();
        /** By migration id, in order: batches that add to several migrations lock their shards in one order. */
        private final SortedMap<UUID, Long> completed = new TreeMap<>();

        void apply(StepTotals account, Consumer<StepTotals> report) {
            boolean wasCompleted = account.migrationState == MigrationState.COMPLETED;
            report.accept(account);
            reported.put(account.pocoAccountId, account);
            if (!wasCompleted && account.migrationState == MigrationState.COMPLETED) {
                completed.merge(account.migrationId, 1L, Long::sum);
            }
        }

        /** The accounts at commit (one bulk update), the completed counts to their migrations now. */
        void write() {
            reported.values().forEach(account -> writes.add(WRITE, account));
            int shard = ThreadLocalRandom.current().nextInt(COMPLETED_SHARDS);
            completed.forEach((migration, accounts) -> entityManager.createNativeQuery(ADD_COMPLETED)
                    .setParameter(1, migration)
                    .setParameter(2, shard)
                    .setParameter(3, accounts)
                    .executeUpdate());
        }
    }
}
