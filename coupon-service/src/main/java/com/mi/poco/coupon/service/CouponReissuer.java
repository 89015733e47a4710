package com.mi.poco.coupon.service;

import com.mi.poco.coupon.MiCoupon;
import com.mi.poco.coupon.PocoCoupon;
import com.mi.poco.coupon.config.CouponConfig;
import com.mi.poco.events.AccountMigrated;
import com.mi.poco.events.CouponReissued;
import com.mi.poco.events.EventType;
import com.mi.poco.platform.db.BulkRows;
import com.mi.poco.platform.db.DeferredWrites;
import com.mi.poco.platform.outbox.Outbox;
import com.mi.poco.steps.MigratedAccount;
import com.mi.poco.steps.MigrationSteps;
import io.quarkus.narayana.jta.QuarkusTransaction;
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
public class CouponReissuer {

    /** Migrated accounts holding coupons not decided yet, locked so that other instances sweep others. */
    private static final String WITH_UNDECIDED = """
            SELECT m.* FROM migrated_account m
            WHERE EXISTS (SELECT 1 FROM poco_coupon c
                          WHERE c.poco_account_id = m.poco_account_id AND c.decision IS NULL)
            LIMIT :limit
            FOR UPDATE OF m SKIP LOCKED""";

    private static final BulkRows<PocoCoupon> DECIDE = BulkRows.<PocoCoupon>update("poco_coupon", "code")
            .column("code", "text", c -> c.code)
            .column("decision", "text", c -> c.decision)
            .column("decided_at", "timestamptz", c -> c.decidedAt)
            .build();

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

    /** A batch of {@code account-migrated} not applied before: each account migrating for the first time has its coupons decided. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void accountsMigrated(List<AccountMigrated> events) {
        List<MigratedAccount> accounts = steps.recordFirstMigrations(events);
        Map<String, List<PocoCoupon>> undecided = undecided(accounts);
        for (MigratedAccount account : accounts) {
            decide(account, undecided.getOrDefault(account.pocoAccountId, List.of()), false);
        }
    }

    /** Late coupons: decides undecided coupons of migrated accounts, a batch of accounts per transaction. */
    @Scheduled(every = "${coupons.late-sweep-interval:2s}", delayed = "2s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void decideLateCoupons() {
        if (steps.lateSweepDue()) {
            while (QuarkusTransaction.requiringNew().call(this::decideLateBatch) == config.lateBatchSize()) {
                // a full batch: there may be more
            }
        }
    }

    /** One batch of migrated accounts with undecided coupons: a late decision each; answers how many accounts. */
    private int decideLateBatch() {
        @SuppressWarnings("unchecked")
        List<MigratedAccount> accounts = entityManager.createNativeQuery(WITH_UNDECIDED, MigratedAccount.class)
                .setParameter("limit", config.lateBatchSize())
                .getResultList();
        Map<String, List<PocoCoupon>> undecided = undecided(accounts);
        for (MigratedAccount account : accounts) {
            List<PocoCoupon> coupons = undecided.get(account.pocoAccountId);
            if (coupons != null) {
                decide(account, coupons, true);
            }
        }
        return accounts.size();
    }

    /**
     * The accounts' coupons not decided yet, locked, by account, each account's in code order; read-only:
     * {@link #decide} writes them back.
     */
    private Map<String, List<PocoCoupon>> undecided(List<MigratedAccount> accounts) {
        if (accounts.isEmpty()) {
            return Map.of();
        }
        return entityManager.createQuery("""
                        from PocoCoupon where pocoAccountId in :accounts and decision is null
                        order by pocoAccountId, code""", PocoCoupon.class)
                .setParameter("accounts", accounts.stream().map(a -> a.pocoAccountId).toList())
                .setLockMode(LockModeType.PESSIMISTIC_WRITE)
                .setHint(HibernateHints.HINT_READ_ONLY, true)
                .getResultStream()
                .collect(Collectors.groupingBy(c -> c.pocoAccountId));
    }

    /** Decides each coupon, reissues the eligible ones, and reports them all in one {@code coupon-reissued}. */
    private void decide(MigratedAccount account, List<PocoCoupon> undecided, boolean late) {
        Instant now = Instant.now();
        Instant reissuedOn = config.reissueDate().atStartOfDay(ZoneOffset.UTC).toInstant();
        List<CouponReissued.Outcome> outcomes = new ArrayList<>(undecided.size());
        for (PocoCoupon coupon : undecided) {
            String miCouponId = null;
            if (coupon.decide(reissuedOn, now) == CouponReissued.Decision.REISSUED) {
                MiCoupon reissued = MiCoupon.reissue(coupon, account.miAccountId, codes.next(), now);
                writes.add(MiCoupon.INSERT, reissued);
                miCouponId = reissued.id.toString();
            }
            writes.add(DECIDE, coupon);
            outcomes.add(new CouponReissued.Outcome(coupon.code, coupon.decision, miCouponId));
        }
        outbox.record(EventType.COUPON_REISSUED, account.pocoAccountId,
                new CouponReissued(account.pocoAccountId, account.miAccountId, late, outcomes, now));
    }
}
