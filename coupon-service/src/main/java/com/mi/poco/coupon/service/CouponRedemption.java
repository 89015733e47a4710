package com.mi.poco.coupon.service;

import com.mi.poco.coupon.MiCoupon;
import com.mi.poco.platform.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Instant;

/**
 * Redeems a Mi coupon once. The redemption is one conditional UPDATE (still ACTIVE, not expired): of
 * any number of concurrent attempts, exactly one changes the row; the others are told why not.
 */
@ApplicationScoped
public class CouponRedemption {

    private final EntityManager entityManager;

    public CouponRedemption(EntityManager entityManager) {
        this.entityManager = entityManager;
    }

    @Transactional
    public MiCoupon redeem(String code, String orderId) {
        Instant now = Instant.now();
        int redeemed = entityManager.createQuery("""
                        update MiCoupon set status = :redeemed, redeemedAt = :now, orderId = :order
                        where code = :code and status = :active and expiresAt > :now""")
                .setParameter("redeemed", MiCoupon.Status.REDEEMED)
                .setParameter("active", MiCoupon.Status.ACTIVE)
                .setParameter("now", now)
                .setParameter("order", orderId)
                .setParameter("code", code)
                .executeUpdate();
        MiCoupon coupon = MiCoupon.<MiCoupon>find("code", code).firstResultOptional()
                .orElseThrow(() -> ProblemException.notFound("Mi coupon", code));
        if (redeemed == 1) {
            return coupon;
        }
        if (coupon.status == MiCoupon.Status.REDEEMED) {
            throw ProblemException.conflict("coupon-already-redeemed", "Coupon " + code + " has already been redeemed");
        }
        throw ProblemException.conflict("coupon-expired", "Coupon " + code + " expired at " + coupon.expiresAt);
    }
}
