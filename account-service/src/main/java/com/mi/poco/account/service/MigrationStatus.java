package com.mi.poco.account.service;

import com.mi.poco.account.MigrationState;
import com.mi.poco.account.ReportedSteps;
import com.mi.poco.events.CouponReissued;
import com.mi.poco.events.PointsConverted;
import com.mi.poco.platform.db.BulkStatement;
import com.mi.poco.platform.db.DeferredWrites;
import com.mi.poco.platform.inbox.BatchHandler;
import com.mi.poco.platform.messaging.PoisonEventException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BiConsumer;
import java.util.function.Function;
import org.hibernate.Session;

/**
 * Follows each migrated account to COMPLETED as the points and coupons steps report. A batch of
 * reports locks its accounts' rows first, in one query and in id order: the two reports of an
 * account arrive on different topics, at the same time, and are applied by concurrent batches. The
 * reports are applied in memory ({@link ReportedSteps}) and written back in one statement at commit
 * ({@link DeferredWrites}); as entities, loading them and flushing one update each was two fifths of
 * the service's time in a migration. At the batch's end, the accounts it completed are added to their
 * migration's count.
 */
@ApplicationScoped
public class MigrationStatus {

    /**
     * Concurrent batches add their completions to one of a migration's shards, picked at random: two
     * batches wait on each other only when they pick the same one.
     */
    private static final int COMPLETED_SHARDS = 8;
    private static final String ADD_COMPLETED = """
            INSERT INTO migration_completed (migration_id, shard, accounts) VALUES (?1, ?2, ?3)
            ON CONFLICT (migration_id, shard) DO UPDATE SET accounts = migration_completed.accounts + EXCLUDED.accounts""";
    private static final String LOCK = """
            SELECT poco_account_id, mi_account_id, migration_id, migration_state, completed_at,
                   points_reported_at, points_conversions, poco_points_converted, mi_points_credited, expired_points,
                   coupons_reported_at, coupons_reissued, coupons_not_reissued
            FROM poco_account WHERE poco_account_id = ANY (?)
            ORDER BY poco_account_id
            FOR UPDATE""";
    private static final BulkStatement WRITE = new BulkStatement("""
            UPDATE poco_account a SET migration_state = r.migration_state, completed_at = r.completed_at,
                points_reported_at = r.points_reported_at, points_conversions = r.points_conversions,
                poco_points_converted = r.poco_points_converted, mi_points_credited = r.mi_points_credited,
                expired_points = r.expired_points, coupons_reported_at = r.coupons_reported_at,
                coupons_reissued = r.coupons_reissued, coupons_not_reissued = r.coupons_not_reissued
            FROM unnest(?::text[], ?::text[], ?::timestamptz[], ?::timestamptz[], ?::int[], ?::bigint[],
                        ?::bigint[], ?::bigint[], ?::timestamptz[], ?::int[], ?::int[])
                AS r(poco_account_id, migration_state, completed_at, points_reported_at, points_conversions,
                     poco_points_converted, mi_points_credited, expired_points, coupons_reported_at,
                     coupons_reissued, coupons_not_reissued)
            WHERE a.poco_account_id = r.poco_account_id""");

    private final EntityManager entityManager;
    private final DeferredWrites writes;

    public MigrationStatus(EntityManager entityManager, DeferredWrites writes) {
        this.entityManager = entityManager;
        this.writes = writes;
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public BatchHandler.Apply<PointsConverted> pointsConverted(List<PointsConverted> reports) {
        Map<String, ReportedSteps> accounts = lockAccounts(reports.stream().map(PointsConverted::pocoAccountId).toList());
        return new Reports<>(report -> migratedAccount(accounts, report.pocoAccountId(), report.miAccountId()),
                (account, report) -> account.pointsConverted(report, Instant.now()));
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public BatchHandler.Apply<CouponReissued> couponsReissued(List<CouponReissued> reports) {
        Map<String, ReportedSteps> accounts = lockAccounts(reports.stream().map(CouponReissued::pocoAccountId).toList());
        return new Reports<>(report -> migratedAccount(accounts, report.pocoAccountId(), report.miAccountId()),
                (account, report) -> account.couponsReissued(report, Instant.now()));
    }

    private Map<String, ReportedSteps> lockAccounts(List<String> pocoAccountIds) {
        return entityManager.unwrap(Session.class).doReturningWork(connection -> {
            try (PreparedStatement lock = connection.prepareStatement(LOCK)) {
                lock.setArray(1, connection.createArrayOf("varchar", pocoAccountIds.stream().distinct().toArray()));
                Map<String, ReportedSteps> accounts = new LinkedHashMap<>();
                try (ResultSet rows = lock.executeQuery()) {
                    while (rows.next()) {
                        ReportedSteps account = new ReportedSteps(rows.getString(1), rows.getString(2),
                                rows.getObject(3, UUID.class), MigrationState.valueOf(rows.getString(4)));
                        account.completedAt = instant(rows, 5);
                        account.pointsReportedAt = instant(rows, 6);
                        account.pointsConversions = rows.getInt(7);
                        account.pocoPointsConverted = rows.getLong(8);
                        account.miPointsCredited = rows.getLong(9);
                        account.expiredPoints = rows.getLong(10);
                        account.couponsReportedAt = instant(rows, 11);
                        account.couponsReissued = rows.getInt(12);
                        account.couponsNotReissued = rows.getInt(13);
                        accounts.put(account.pocoAccountId, account);
                    }
                }
                return accounts;
            }
        });
    }

    private static Instant instant(ResultSet rows, int column) throws SQLException {
        OffsetDateTime at = rows.getObject(column, OffsetDateTime.class);
        return at == null ? null : at.toInstant();
    }

    /** A report about an account this service never migrated, or to another Mi account, can never apply. */
    private static ReportedSteps migratedAccount(Map<String, ReportedSteps> accounts, String pocoAccountId,
            String miAccountId) {
        ReportedSteps account = accounts.get(pocoAccountId);
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
     * Applies a batch's reports to their accounts, counting those that complete; at the end, adds the
     * accounts reported about to the writes at commit, and the counts to their migrations.
     */
    private final class Reports<R> implements BatchHandler.Apply<R> {

        private final Function<R, ReportedSteps> account;
        private final BiConsumer<ReportedSteps, R> apply;
        /** The accounts reported about, by id: each is written once, however many reports it had. */
        private final Map<String, ReportedSteps> reported = new LinkedHashMap<>();
        /** By migration id, in order: batches that add to several migrations lock their shards in one order. */
        private final SortedMap<UUID, Long> completed = new TreeMap<>();

        Reports(Function<R, ReportedSteps> account, BiConsumer<ReportedSteps, R> apply) {
            this.account = account;
            this.apply = apply;
        }

        @Override
        public void accept(R report) {
            ReportedSteps steps = account.apply(report);
            boolean wasCompleted = steps.migrationState == MigrationState.COMPLETED;
            apply.accept(steps, report);
            reported.put(steps.pocoAccountId, steps);
            if (!wasCompleted && steps.migrationState == MigrationState.COMPLETED) {
                completed.merge(steps.migrationId, 1L, Long::sum);
            }
        }

        @Override
        public void finish() {
            reported.values().forEach(a -> writes.add(WRITE, a.pocoAccountId, a.migrationState, a.completedAt,
                    a.pointsReportedAt, a.pointsConversions, a.pocoPointsConverted, a.miPointsCredited, a.expiredPoints,
                    a.couponsReportedAt, a.couponsReissued, a.couponsNotReissued));
            int shard = ThreadLocalRandom.current().nextInt(COMPLETED_SHARDS);
            completed.forEach((migration, accounts) -> entityManager.createNativeQuery(ADD_COMPLETED)
                    .setParameter(1, migration)
                    .setParameter(2, shard)
                    .setParameter(3, accounts)
                    .executeUpdate());
        }
    }
}
