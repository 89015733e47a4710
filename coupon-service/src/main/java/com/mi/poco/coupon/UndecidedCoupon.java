package com.mi.poco.coupon;

import com.mi.poco.events.CouponReissued;
import java.math.BigDecimal;
import java.time.Instant;

/**
 * A POCO coupon the migration has not decided yet, as the decision reads it: a value, not a managed
 * row. Its decision is returned ({@link #decide}) and written by the step's writer, with the Mi
 * coupon it may become.
 */
public record UndecidedCoupon(String code, String pocoAccountId, PocoCoupon.Kind kind, BigDecimal value, String currency,
        BigDecimal minSpend, Instant expiresAt, PocoCoupon.Status status) {

    /**
     * The coupon rule (docs/domain.md, "Coupons"): reissued if ACTIVE and not expired on the reissue
     * date; otherwise the reason (redeemed, revoked, expired).
     */
    public CouponReissued.Decision decide(Instant reissuedOn) {
        return switch (status) {
            case REDEEMED -> CouponReissued.Decision.REDEEMED;
            case REVOKED -> CouponReissued.Decision.REVOKED;
            case ACTIVE -> expiresAt.isAfter(reissuedOn) ? CouponReissued.Decision.REISSUED : CouponReissued.Decision.EXPIRED;
        };
    }
}
