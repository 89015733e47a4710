package com.mi.poco.coupon.service;

import com.mi.poco.coupon.MiCoupon;
import com.mi.poco.coupon.PocoCoupon;
import com.mi.poco.coupon.UndecidedCoupon;
import com.mi.poco.coupon.config.CouponConfig;
import com.mi.poco.events.AccountMigrated;
import com.mi.poco.events.CouponReissued;
import com.mi.poco.events.EventType;
import com.mi.poco.messaging.outbox.Outbox;
import com.mi.poco.platform.db.BulkRows;
import com.mi.poco.platform.db.Columns;
import com.mi.poco.platform.db.DeferredWrites;
import com.mi.poco.platform.faults.ScheduledJob;
import com.mi.poco.steps.MigratedAccount;
import com.mi.poco.steps.MigrationStep;
import com.mi.poco.steps.MigrationSteps;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Tuple;
import jakarta.transaction.Transactional;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Reissues POCO coupons as Mi coupons (docs/domain.md "Coupons"). At migration: every coupon of the
 * account is decided, each eligible one reissued to the Mi account, and one {@code coupon-reissued}
 * lists them all (also when there are none). Coupons imported after the migration are decided by a
 * sweep and reported in a further, late, {@code coupon-reissued}.
 */
@ApplicationScoped
public class CouponReissuer implements MigrationStep {

    /** An account's POCO coupons, undecided until the step decides them. */
    static final MigrationSteps.StepRecords COUPONS = new MigrationSteps.StepRecords("poco_coupon", "decision");

    /** Each coupon's decision, one statement for the batch. */
    private static final BulkRows<Decided> DECIDE = BulkRows.<Decided>update("poco_coupon", "code")
            .column("code", "text", Decided::code)
            .column("decision", "text", Decided::decision)
            .column("decided_at", "timestamptz", Decided::decidedAt)
            .build();

    private record Decided(String code, CouponReissued.Decision decision, Instant decidedAt) {
    }

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
    @Override
    @Transactional(Transactional.TxType.MANDATORY)
    public void accountsMigrated(List<AccountMigrated> events) {
        List<MigratedAccount> accounts = steps.recordFirstMigrations(events);
        Map<String, List<UndecidedCoupon>> undecided = undecided(accounts);
        for (MigratedAccount account : accounts) {
            decide(account, undecided.getOrDefault(account.pocoAccountId, List.of()), false);
        }
    }

    /** Late coupons: decides undecided coupons of migrated accounts, a batch of accounts per transaction. */
    @Scheduled(every = "${coupons.late-sweep-interval:2s}", delayed = "2s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void decideLateCoupons() {
        if (steps.lateSweepDue() && !ScheduledJob.run("late coupons sweep", this::decideLateBatchWhileFull)) {
            steps.lateSweepMissed();
        }
    }

    private void decideLateBatchWhileFull() {
        while (QuarkusTransaction.requiringNew().call(this::decideLateBatch) == config.lateBatchSize()) {
            // a full batch: there may be more
        }
    }

    /** One batch of migrated accounts with undecided coupons: a late decision each; answers how many accounts. */
    private int decideLateBatch() {
        List<MigratedAccount> accounts = steps.lockAccountsWithUnhandled(COUPONS, config.lateBatchSize());
        Map<String, List<UndecidedCoupon>> undecided = undecided(accounts);
        for (MigratedAccount account : accounts) {
            List<UndecidedCoupon> coupons = undecided.get(account.pocoAccountId);
            if (coupons != null) {
                decide(account, coupons, true);
            }
        }
        return accounts.size();
    }

    /** The accounts' coupons not decided yet, locked, by account, each account's in code order. */
    private Map<String, List<UndecidedCoupon>> undecided(List<MigratedAccount> accounts) {
        if (accounts.isEmpty()) {
            return Map.of();
        }
        @SuppressWarnings("unchecked")
        List<Tuple> rows = entityManager.createNativeQuery("""
                        SELECT code, poco_account_id, kind, value, currency, min_spend, expires_at, status FROM poco_coupon
                        WHERE poco_account_id IN (:accounts) AND decision IS NULL
                        ORDER BY poco_account_id, code
                        FOR UPDATE""", Tuple.class)
                .setParameter("accounts", accounts.stream().map(a -> a.pocoAccountId).toList())
                .getResultList();
        return rows.stream()
                .map(row -> new UndecidedCoupon(row.get("code", String.class), row.get("poco_account_id", String.class),
                        PocoCoupon.Kind.valueOf(row.get("kind", String.class)), row.get("value", BigDecimal.class),
                        row.get("currency", String.class), row.get("min_spend", BigDecimal.class),
                        Columns.instant(row.get("expires_at")), PocoCoupon.Status.valueOf(row.get("status", String.class))))
                .collect(Collectors.groupingBy(UndecidedCoupon::pocoAccountId));
    }

    /**
     * The rule per coupon ({@link UndecidedCoupon#decide}), and its outcome written whole: each decision,
     * each Mi coupon reissued, and one {@code coupon-reissued} listing them all.
     */
    private void decide(MigratedAccount account, List<UndecidedCoupon> undecided, boolean late) {
        Instant now = Instant.now();
        Instant reissuedOn = config.reissueDate().atStartOfDay(ZoneOffset.UTC).toInstant();
        List<CouponReissued.Outcome> outcomes = new ArrayList<>(undecided.size());
        for (UndecidedCoupon coupon : undecided) {
            CouponReissued.Decision decision = coupon.decide(reissuedOn);
            String miCouponId = null;
            if (decision == CouponReissued.Decision.REISSUED) {
                MiCoupon reissued = MiCoupon.reissue(coupon, account.miAccountId, codes.next(), now);
                writes.add(MiCoupon.INSERT, reissued);
                miCouponId = reissued.id.toString();
            }
            writes.add(DECIDE, new Decided(coupon.code(), decision, now));
            outcomes.add(new CouponReissued.Outcome(coupon.code(), decision, miCouponId));
        }
        outbox.record(EventType.COUPON_REISSUED, account.pocoAccountId,
                new CouponReissued(account.pocoAccountId, account.miAccountId, late, outcomes, now));
    }
}
