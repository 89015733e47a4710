package com.mi.poco.coupon.service;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.mi.poco.coupon.MiCoupon;
import com.mi.poco.coupon.PocoCoupon;
import com.mi.poco.events.CouponReissued;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/** What coupon-service answers. */
public final class CouponViews {

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record MiCouponView(UUID id, String code, String legacyCode, PocoCoupon.Kind kind, BigDecimal value,
            String currency, BigDecimal minSpend, Instant expiresAt, MiCoupon.Status status, Instant redeemedAt) {

        public static MiCouponView of(MiCoupon c) {
            return new MiCouponView(c.id, c.code, c.legacyCode, c.kind, c.value, c.currency, c.minSpend, c.expiresAt,
                    c.status, c.redeemedAt);
        }
    }

    /**
     * What became of a POCO code. {@code miCode}, the new code, is there for the account holder only:
     * ops see the decision, not a code they could spend.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record LegacyCouponView(String legacyCode, PocoCoupon.Status legacyStatus, boolean decided,
            CouponReissued.Decision decision, Instant decidedAt, UUID miCouponId, String miCode) {
    }

    /** Every decision so far, for ops and the end-to-end checks. */
    public record ReissueSummary(long accounts, long legacyCoupons, long undecided, long reissued, long expired,
            long redeemed, long revoked, long miCouponsRedeemed) {
    }

    public record RedeemRequest(@NotBlank @Size(max = 32) String code, @Size(max = 64) String orderId) {
    }

    private CouponViews() {
    }
}
