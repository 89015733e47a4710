package com.mi.poco.account.service;

import com.mi.poco.account.MigrationState;
import com.mi.poco.account.PocoAccount;
import com.mi.poco.events.CouponReissued;
import com.mi.poco.events.PointsConverted;
import com.mi.poco.platform.inbox.BatchHandler;
import com.mi.poco.platform.messaging.PoisonEventException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Follows each migrated account to COMPLETED as the points and coupons steps report. A batch of
 * reports locks its accounts' rows first, in one query and in id order: the two reports of an
 * account arrive on different topics, at the same time, and are applied by concurrent batches.
 * The accounts a batch completed are added to their migration's count once, at the batch's end.
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

    private final EntityManager entityManager;

    public MigrationStatus(EntityManager entityManager) {
        this.entityManager = entityManager;
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public BatchHandler.Apply<PointsConverted> pointsConverted(List<PointsConverted> reports) {
        Map<String, PocoAccount> accounts = lockAccounts(reports.stream().map(PointsConverted::pocoAccountId).toList());
        return new Reports<>(report -> migratedAccount(accounts, report.pocoAccountId(), report.miAccountId()),
                (account, report) -> account.pointsConverted(report, Instant.now()));
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public BatchHandler.Apply<CouponReissued> couponsReissued(List<CouponReissued> reports) {
        Map<String, PocoAccount> accounts = lockAccounts(reports.stream().map(CouponReissued::pocoAccountId).toList());
        return new Reports<>(report -> migratedAccount(accounts, report.pocoAccountId(), report.miAccountId()),
                (account, report) -> account.couponsReissued(report, Instant.now()));
    }

    private Map<String, PocoAccount> lockAccounts(List<String> pocoAccountIds) {
        return entityManager.createQuery("from PocoAccount where pocoAccountId in :ids order by pocoAccountId",
                        PocoAccount.class)
                .setParameter("ids", pocoAccountIds.stream().distinct().toList())
                .setLockMode(LockModeType.PESSIMISTIC_WRITE)
                .getResultStream()
                .collect(Collectors.toMap(a -> a.pocoAccountId, Function.identity()));
    }

    /** A report about an account this service never migrated, or to another Mi account, can never apply. */
    private static PocoAccount migratedAccount(Map<String, PocoAccount> accounts, String pocoAccountId,
            String miAccountId) {
        PocoAccount account = accounts.get(pocoAccountId);
        if (account == null || account.migrationState == MigrationState.PENDING) {
            throw new PoisonEventException("POCO account " + pocoAccountId + " has not been migrated");
        }
        if (!account.miAccountId.equals(miAccountId)) {
            throw new PoisonEventException("POCO account " + pocoAccountId + " belongs to Mi account "
                    + account.miAccountId + ", not " + miAccountId);
        }
        return account;
    }

    /** Applies a batch's reports to their accounts, counting those that complete; adds the counts at the end. */
    private final class Reports<R> implements BatchHandler.Apply<R> {

        private final Function<R, PocoAccount> account;
        private final BiConsumer<PocoAccount, R> apply;
        /** By migration id, in order: batches that add to several migrations lock their shards in one order. */
        private final SortedMap<UUID, Long> completed = new TreeMap<>();

        Reports(Function<R, PocoAccount> account, BiConsumer<PocoAccount, R> apply) {
            this.account = account;
            this.apply = apply;
        }

        @Override
        public void accept(R report) {
            PocoAccount reported = account.apply(report);
            boolean wasCompleted = reported.migrationState == MigrationState.COMPLETED;
            apply.accept(reported, report);
            if (!wasCompleted && reported.migrationState == MigrationState.COMPLETED) {
                completed.merge(reported.migrationId, 1L, Long::sum);
            }
        }

        @Override
        public void finish() {
            int shard = ThreadLocalRandom.current().nextInt(COMPLETED_SHARDS);
            completed.forEach((migration, accounts) -> entityManager.createNativeQuery(ADD_COMPLETED)
                    .setParameter(1, migration)
                    .setParameter(2, shard)
                    .setParameter(3, accounts)
                    .executeUpdate());
        }
    }
}
