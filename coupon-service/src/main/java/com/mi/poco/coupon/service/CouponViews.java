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
     * What became of a POCO code. The new code itself is not here: a customer sees it among their own
     * Mi coupons (who may look a legacy code up comes with access control).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record LegacyCouponView(String legacyCode, PocoCoupon.Status legacyStatus, boolean decided,
            CouponReissued.Decision decision, Instant decidedAt, UUID miCouponId) {
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
