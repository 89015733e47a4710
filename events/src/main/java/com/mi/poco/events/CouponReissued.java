package com.mi.poco.events;

import java.time.Instant;
import java.util.List;

/**
 * The coupon step of one account's migration: every legacy coupon of the account and what became of
 * it. One per account at migration (also with no coupons), one more for late-imported coupons. The
 * new Mi coupon's code is a bearer secret and is never published; its id is.
 */
public record CouponReissued(
        String pocoAccountId,
        String miAccountId,
        boolean late,
        List<Outcome> coupons,
        Instant reissuedAt) {

    public record Outcome(String legacyCode, Decision decision, @Nullable String miCouponId) {
    }

    public enum Decision {
        REISSUED, EXPIRED, REDEEMED, REVOKED
    }
}
