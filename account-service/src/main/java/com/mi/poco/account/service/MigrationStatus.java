package com.mi.poco.account.service;

import com.mi.poco.account.MigrationState;
import com.mi.poco.account.PocoAccount;
import com.mi.poco.events.CouponReissued;
import com.mi.poco.events.PointsConverted;
import com.mi.poco.platform.messaging.PoisonEventException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Follows each migrated account to COMPLETED as the points and coupons steps report. A batch of
 * reports locks its accounts' rows first, in one query and in id order: the two reports of an
 * account arrive on different topics, at the same time, and are applied by concurrent batches.
 */
@ApplicationScoped
public class MigrationStatus {

    private final EntityManager entityManager;

    public MigrationStatus(EntityManager entityManager) {
        this.entityManager = entityManager;
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public Consumer<PointsConverted> pointsConverted(List<PointsConverted> reports) {
        Map<String, PocoAccount> accounts = lockAccounts(reports.stream().map(PointsConverted::pocoAccountId).toList());
        return report -> migratedAccount(accounts, report.pocoAccountId(), report.miAccountId())
                .pointsConverted(report, Instant.now());
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public Consumer<CouponReissued> couponsReissued(List<CouponReissued> reports) {
        Map<String, PocoAccount> accounts = lockAccounts(reports.stream().map(CouponReissued::pocoAccountId).toList());
        return report -> migratedAccount(accounts, report.pocoAccountId(), report.miAccountId())
                .couponsReissued(report, Instant.now());
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
}
