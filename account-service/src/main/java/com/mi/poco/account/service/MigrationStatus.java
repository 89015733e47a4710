package com.mi.poco.account.service;

import com.mi.poco.account.MigrationState;
import com.mi.poco.account.PocoAccount;
import com.mi.poco.events.CouponReissued;
import com.mi.poco.events.PointsConverted;
import com.mi.poco.platform.messaging.PoisonEventException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.time.Instant;

/**
 * Follows each migrated account to COMPLETED as the points and coupons steps report. The account row
 * is locked while a report is applied: the two reports arrive on different topics, at the same time.
 */
@ApplicationScoped
public class MigrationStatus {

    @Transactional(Transactional.TxType.MANDATORY)
    public void pointsConverted(PointsConverted report) {
        migratedAccount(report.pocoAccountId(), report.miAccountId()).pointsConverted(report, Instant.now());
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void couponsReissued(CouponReissued report) {
        migratedAccount(report.pocoAccountId(), report.miAccountId()).couponsReissued(report, Instant.now());
    }

    /** A report about an account this service never migrated, or to another Mi account, can never apply. */
    private static PocoAccount migratedAccount(String pocoAccountId, String miAccountId) {
        PocoAccount account = PocoAccount.findById(pocoAccountId, LockModeType.PESSIMISTIC_WRITE);
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
