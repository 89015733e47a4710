package com.mi.poco.coupon.service;

import com.mi.poco.coupon.MiCoupon;
import com.mi.poco.coupon.PocoCoupon;
import com.mi.poco.coupon.service.CouponViews.LegacyCouponView;
import com.mi.poco.coupon.service.CouponViews.MiCouponView;
import com.mi.poco.coupon.service.CouponViews.ReissueSummary;
import com.mi.poco.events.CouponReissued;
import com.mi.poco.platform.problem.ProblemException;
import com.mi.poco.platform.security.Caller;
import com.mi.poco.steps.MigratedAccount;
import com.mi.poco.steps.MigrationSteps;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Tuple;
import jakarta.transaction.Transactional;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

@ApplicationScoped
@Transactional(Transactional.TxType.SUPPORTS)
public class CouponQueries {

    private final EntityManager entityManager;
    private final MigrationSteps steps;

    public CouponQueries(EntityManager entityManager, MigrationSteps steps) {
        this.entityManager = entityManager;
        this.steps = steps;
    }

    public List<MiCouponView> miCoupons(String miAccountId) {
        List<MiCoupon> coupons = MiCoupon.list("miAccountId = ?1 order by expiresAt, code", miAccountId);
        if (coupons.isEmpty() && MigratedAccount.count("miAccountId", miAccountId) == 0 || steps.isErased(miAccountId)) {
            throw ProblemException.notFound("Mi coupon account", miAccountId);
        }
        return coupons.stream().map(MiCouponView::of).toList();
    }

    /**
     * What became of every POCO coupon of the POCO accounts migrated to a Mi account, by code: the
     * customer page's "your old coupons". The holder sees the new codes; ops see the decisions. Unknown
     * and erased accounts are a 404, as for {@link #miCoupons}.
     */
    public List<LegacyCouponView> legacyOf(String miAccountId, Caller caller) {
        if (MigratedAccount.count("miAccountId", miAccountId) == 0 || steps.isErased(miAccountId)) {
            throw ProblemException.notFound("Mi coupon account", miAccountId);
        }
        List<PocoCoupon> coupons = entityManager.createQuery("""
                        from PocoCoupon c where c.pocoAccountId in
                            (select m.pocoAccountId from MigratedAccount m where m.miAccountId = :mi)
                        order by c.code""", PocoCoupon.class)
                .setParameter("mi", miAccountId)
                .getResultList();
        Map<String, MiCoupon> reissued = MiCoupon.<MiCoupon>list("miAccountId", miAccountId).stream()
                .collect(Collectors.toMap(c -> c.legacyCode, c -> c));
        boolean holder = caller.holds(miAccountId);
        return coupons.stream().map(coupon -> view(coupon, reissued.get(coupon.code), holder)).toList();
    }

    private static LegacyCouponView view(PocoCoupon coupon, MiCoupon reissued, boolean holder) {
        return new LegacyCouponView(coupon.code, coupon.status, coupon.decision != null, coupon.decision,
                coupon.decidedAt, reissued == null ? null : reissued.id, reissued != null && holder ? reissued.code : null);
    }

    /**
     * What became of a POCO code. A customer who does not hold the coupon's (migrated) account gets
     * the same 404 as for a code that never existed, so guessing codes tells nothing; only the holder
     * sees the new code. An erased account's coupons are a 404 to everyone.
     */
    public LegacyCouponView legacy(String code, Caller caller) {
        PocoCoupon coupon = PocoCoupon.<PocoCoupon>findByIdOptional(code)
                .orElseThrow(() -> ProblemException.notFound("POCO coupon", code));
        String holder = MigratedAccount.<MigratedAccount>findByIdOptional(coupon.pocoAccountId)
                .map(account -> account.miAccountId).orElse(null);
        if (!caller.mayRead(holder) || holder != null && steps.isErased(holder)) {
            throw ProblemException.notFound("POCO coupon", code); // an erased account's coupons: shown to nobody
        }
        MiCoupon reissued = coupon.decision == CouponReissued.Decision.REISSUED
                ? MiCoupon.<MiCoupon>find("legacyCode", code).firstResult() : null;
        return view(coupon, reissued, caller.holds(holder));
    }

    /** How many POCO coupons got a decision (null: none yet). */
    private record DecisionCount(CouponReissued.Decision decision, long coupons) {

        static DecisionCount of(Tuple row) {
            return new DecisionCount(row.get("decision", CouponReissued.Decision.class), row.get("coupons", Long.class));
        }
    }

    public ReissueSummary summary() {
        Map<CouponReissued.Decision, Long> decisions = new EnumMap<>(CouponReissued.Decision.class);
        long undecided = 0;
        for (DecisionCount count : entityManager.createQuery(
                        "select c.decision as decision, count(c) as coupons from PocoCoupon c group by c.decision", Tuple.class)
                .getResultStream().map(DecisionCount::of).toList()) {
            if (count.decision() == null) {
                undecided = count.coupons();
            } else {
                decisions.put(count.decision(), count.coupons());
            }
        }
        long all = undecided + decisions.values().stream().mapToLong(Long::longValue).sum();
        return new ReissueSummary(MigratedAccount.count(), all, undecided,
                decisions.getOrDefault(CouponReissued.Decision.REISSUED, 0L),
                decisions.getOrDefault(CouponReissued.Decision.EXPIRED, 0L),
                decisions.getOrDefault(CouponReissued.Decision.REDEEMED, 0L),
                decisions.getOrDefault(CouponReissued.Decision.REVOKED, 0L),
                MiCoupon.count("status", MiCoupon.Status.REDEEMED));
    }
}
