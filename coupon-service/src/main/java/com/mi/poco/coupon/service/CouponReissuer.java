package com.mi.poco.coupon.service;

import com.mi.poco.coupon.MiCoupon;
import com.mi.poco.coupon.MigratedAccount;
import com.mi.poco.coupon.PocoCoupon;
import com.mi.poco.coupon.config.CouponConfig;
import com.mi.poco.events.AccountMigrated;
import com.mi.poco.events.CouponReissued;
import com.mi.poco.events.EventType;
import com.mi.poco.platform.outbox.Outbox;
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

/**
 * Reissues POCO coupons as Mi coupons (DOMAIN.md "Coupons"). At migration: every coupon of the
 * account is decided, each eligible one reissued to the Mi account, and one {@code coupon-reissued}
 * lists them all (also when there are none). Coupons imported after the migration are decided by a
 * sweep and reported in a further, late, {@code coupon-reissued}.
 */
@ApplicationScoped
public class CouponReissuer {

    private static final String UNDECIDED_OF_MIGRATED = """
            SELECT m.* FROM migrated_account m
            WHERE EXISTS (SELECT 1 FROM poco_coupon c
                          WHERE c.poco_account_id = m.poco_account_id AND c.decision IS NULL)
            LIMIT :limit
            FOR UPDATE OF m SKIP LOCKED""";

    private final EntityManager entityManager;
    private final Outbox outbox;
    private final CouponCodes codes;
    private final CouponConfig config;

    public CouponReissuer(EntityManager entityManager, Outbox outbox, CouponCodes codes, CouponConfig config) {
        this.entityManager = entityManager;
        this.outbox = outbox;
        this.codes = codes;
        this.config = config;
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void accountMigrated(AccountMigrated event) {
        if (MigratedAccount.findById(event.pocoAccountId()) != null) {
            return; // decided already under another event id: the natural key decides
        }
        MigratedAccount account = new MigratedAccount();
        account.pocoAccountId = event.pocoAccountId();
        account.miAccountId = event.miAccountId();
        account.region = event.region();
        account.migratedAt = event.migratedAt();
        account.persist();
        decide(account, false);
    }

    /** Late coupons: decides undecided coupons of migrated accounts, a batch of accounts per transaction. */
    @Scheduled(every = "${coupons.late-sweep-interval:2s}", delayed = "2s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void decideLateCoupons() {
        int decided;
        do {
            decided = QuarkusTransaction.requiringNew().call(() -> {
                @SuppressWarnings("unchecked")
                List<MigratedAccount> accounts = entityManager.createNativeQuery(UNDECIDED_OF_MIGRATED, MigratedAccount.class)
                        .setParameter("limit", config.lateBatchSize())
                        .getResultList();
                accounts.forEach(account -> decide(account, true));
                return accounts.size();
            });
        } while (decided == config.lateBatchSize());
    }

    private void decide(MigratedAccount account, boolean late) {
        List<PocoCoupon> undecided = entityManager.createQuery(
                        "from PocoCoupon where pocoAccountId = :account and decision is null order by code", PocoCoupon.class)
                .setParameter("account", account.pocoAccountId)
                .setLockMode(LockModeType.PESSIMISTIC_WRITE)
                .getResultList();
        if (late && undecided.isEmpty()) {
            return;
        }
        Instant now = Instant.now();
        Instant reissuedOn = config.reissueDate().atStartOfDay(ZoneOffset.UTC).toInstant();
        List<CouponReissued.Outcome> outcomes = new ArrayList<>(undecided.size());
        for (PocoCoupon coupon : undecided) {
            String miCouponId = null;
            if (coupon.decide(reissuedOn, now) == CouponReissued.Decision.REISSUED) {
                MiCoupon reissued = MiCoupon.reissue(coupon, account.miAccountId, codes.next(), now);
                reissued.persist();
                miCouponId = reissued.id.toString();
            }
            outcomes.add(new CouponReissued.Outcome(coupon.code, coupon.decision, miCouponId));
        }
        outbox.record(EventType.COUPON_REISSUED, account.pocoAccountId,
                new CouponReissued(account.pocoAccountId, account.miAccountId, late, outcomes, now));
    }
}
