package com.mi.poco.coupon.service;

import com.mi.poco.coupon.MiCoupon;
import com.mi.poco.coupon.PocoCoupon;
import com.mi.poco.coupon.config.CouponConfig;
import com.mi.poco.events.AccountMigrated;
import com.mi.poco.events.CouponReissued;
import com.mi.poco.events.EventType;
import com.mi.poco.platform.db.BulkStatement;
import com.mi.poco.platform.db.DeferredWrites;
import com.mi.poco.platform.inbox.BatchHandler;
import com.mi.poco.platform.outbox.Outbox;
import com.mi.poco.steps.MigratedAccount;
import com.mi.poco.steps.MigrationSteps;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.hibernate.jpa.HibernateHints;

/**
 * Reissues POCO coupons as Mi coupons (docs/domain.md "Coupons"). At migration: every coupon of the
 * account is decided, each eligible one reissued to the Mi account, and one {@code coupon-reissued}
 * lists them all (also when there are none). Coupons imported after the migration are decided by a
 * sweep and reported in a further, late, {@code coupon-reissued}.
 */
@ApplicationScoped
public class CouponReissuer implements MigrationSteps.Step<PocoCoupon> {

    private static final String UNDECIDED = """
            SELECT 1 FROM poco_coupon c
            WHERE c.poco_account_id = m.poco_account_id AND c.decision IS NULL""";

    private static final BulkStatement DECIDE = new BulkStatement("""
            UPDATE poco_coupon c SET decision = r.decision, decided_at = r.decided_at
            FROM unnest(?::text[], ?::text[], ?::timestamptz[]) AS r(code, decision, decided_at)
            WHERE c.code = r.code""");

    private final EntityManager entityManager;
    private final DeferredWrites writes;
    private final MigrationSteps steps;
    private final Outbox outbox;
    private final CouponCodes codes;
    private final CouponConfig config;

    public CouponReissuer(EntityManager entityManager, DeferredWrites writes, MigrationSteps steps, Outbox outbox,
            CouponCodes codes, CouponConfig config) {
        this.entityManager = entityManager;
        this.writes = writes;
        this.steps = steps;
        this.outbox = outbox;
        this.codes = codes;
        this.config = config;
    }

    /** A batch of migrated accounts: each new one's undecided coupons are decided (MigrationSteps). */
    @Transactional(Transactional.TxType.MANDATORY)
    public BatchHandler.Apply<AccountMigrated> accountsMigrated(List<AccountMigrated> events) {
        return steps.accountsMigrated(events, this);
    }

    /** Late coupons: decides undecided coupons of migrated accounts, a batch of accounts per transaction. */
    @Scheduled(every = "${coupons.late-sweep-interval:2s}", delayed = "2s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void decideLateCoupons() {
        steps.sweepLate(UNDECIDED, config.lateBatchSize(), this);
    }

    /**
     * The accounts' coupons not decided yet, locked, by account, each account's in code order; read-only:
     * {@link #handle} writes them back.
     */
    @Override
    public Map<String, List<PocoCoupon>> unsettled(List<String> pocoAccountIds) {
        return entityManager.createQuery("""
                        from PocoCoupon where pocoAccountId in :accounts and decision is null
                        order by pocoAccountId, code""", PocoCoupon.class)
                .setParameter("accounts", pocoAccountIds)
                .setLockMode(LockModeType.PESSIMISTIC_WRITE)
                .setHint(HibernateHints.HINT_READ_ONLY, true)
                .getResultStream()
                .collect(Collectors.groupingBy(c -> c.pocoAccountId));
    }

    /** Decides each coupon, reissues the eligible ones, and reports them all in one {@code coupon-reissued}. */
    @Override
    public void handle(MigratedAccount account, List<PocoCoupon> undecided, boolean late) {
        Instant now = Instant.now();
        Instant reissuedOn = config.reissueDate().atStartOfDay(ZoneOffset.UTC).toInstant();
        List<CouponReissued.Outcome> outcomes = new ArrayList<>(undecided.size());
        for (PocoCoupon coupon : undecided) {
            String miCouponId = null;
            if (coupon.decide(reissuedOn, now) == CouponReissued.Decision.REISSUED) {
                MiCoupon reissued = MiCoupon.reissue(coupon, account.miAccountId, codes.next(), now);
                writes.add(MiCoupon.INSERT, reissued.row());
                miCouponId = reissued.id.toString();
            }
            writes.add(DECIDE, coupon.code, coupon.decision, coupon.decidedAt);
            outcomes.add(new CouponReissued.Outcome(coupon.code, coupon.decision, miCouponId));
        }
        outbox.record(EventType.COUPON_REISSUED, account.pocoAccountId,
                new CouponReissued(account.pocoAccountId, account.miAccountId, late, outcomes, now));
    }
}
