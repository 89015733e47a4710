package com.mi.poco.coupon.service;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.mi.poco.coupon.MiCoupon;
import com.mi.poco.coupon.PocoCoupon;
import com.mi.poco.events.CouponReissued;
import jakarta.persistence.Tuple;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
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

    /**
     * coupon-service's part of a Mi account's personal-data export (the gateway joins it with the other
     * services'): its Mi coupons and what became of each POCO coupon, read together.
     */
    public record PocoData(List<MiCouponView> coupons, List<LegacyCouponView> pocoCoupons) {
    }

    /** The legacy coupons by decision, the migrated accounts and the redeemed Mi coupons (the columns of coupon_totals, V3). */
    public record CouponCounts(long accounts, long legacyCoupons, long undecided, long reissued, long expired,
            long redeemed, long revoked, long miCouponsRedeemed) {

        static CouponCounts of(Tuple row) {
            return new CouponCounts(count(row, "accounts"), count(row, "legacy_coupons"), count(row, "undecided"),
                    count(row, "reissued"), count(row, "expired"), count(row, "redeemed"), count(row, "revoked"),
                    count(row, "mi_coupons_redeemed"));
        }

        private static long count(Tuple row, String column) {
            return row.get(column, Number.class).longValue();
        }
    }

    /**
     * Every decision so far, for ops and the end-to-end checks. {@code basis}: "totals" (kept by the
     * database as rows are written) or "audit" (every row counted anew; then {@code countsMatchRecount}
     * says whether the kept counts are right).
     */
    public record ReissueSummary(String basis, long accounts, long legacyCoupons, long undecided, long reissued,
            long expired, long redeemed, long revoked, long miCouponsRedeemed, Boolean countsMatchRecount) {

        static ReissueSummary of(String basis, CouponCounts counts, Boolean countsMatchRecount) {
            return new ReissueSummary(basis, counts.accounts(), counts.legacyCoupons(), counts.undecided(),
                    counts.reissued(), counts.expired(), counts.redeemed(), counts.revoked(), counts.miCouponsRedeemed(),
                    countsMatchRecount);
        }
    }

    public record RedeemRequest(@NotBlank @Size(max = 32) String code, @Size(max = 64) String orderId) {
    }

    private CouponViews() {
    }
}
