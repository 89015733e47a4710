package com.mi.poco.coupon.service;

import com.mi.poco.coupon.MiCoupon;
import com.mi.poco.platform.problem.ProblemException;
import com.mi.poco.platform.security.Caller;
import com.mi.poco.steps.MigrationSteps;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Instant;

/**
 * Redeems a Mi coupon once. The redemption is one conditional UPDATE (still ACTIVE, not expired): of
 * any number of concurrent attempts, exactly one changes the row; the others are told why not. A
 * coupon of an erased account is unknown to everyone.
 */
@ApplicationScoped
public class CouponRedemption {

    private final EntityManager entityManager;
    private final MigrationSteps steps;

    public CouponRedemption(EntityManager entityManager, MigrationSteps steps) {
        this.entityManager = entityManager;
        this.steps = steps;
    }

    @Transactional
    public MiCoupon redeem(String code, String orderId, Caller caller) {
        Instant now = Instant.now();
        MiCoupon coupon = MiCoupon.<MiCoupon>find("code", code).firstResultOptional()
                .filter(found -> caller.mayRead(found.miAccountId)) // another's coupon: as if unknown
                .filter(found -> !steps.isErased(found.miAccountId)) // an erased account's: as if unknown, to all
                .orElseThrow(() -> ProblemException.notFound("Mi coupon", code));
        int redeemed = entityManager.createQuery("""
                        update MiCoupon set status = :redeemed, redeemedAt = :now, orderId = :order
                        where code = :code and status = :active and expiresAt > :now""")
                .setParameter("redeemed", MiCoupon.Status.REDEEMED)
                .setParameter("active", MiCoupon.Status.ACTIVE)
                .setParameter("now", now)
                .setParameter("order", orderId)
                .setParameter("code", code)
                .executeUpdate();
        entityManager.refresh(coupon); // as the conditional update left it
        if (redeemed == 1 || coupon.status == MiCoupon.Status.REDEEMED && orderId != null && orderId.equals(coupon.orderId)) {
            return coupon; // a checkout retrying the same order is answered as the first time
        }
        if (coupon.status == MiCoupon.Status.REDEEMED) {
            throw ProblemException.conflict("coupon-already-redeemed", "Coupon " + code + " has already been redeemed");
        }
        throw ProblemException.conflict("coupon-expired", "Coupon " + code + " expired at " + coupon.expiresAt);
    }
}
