package com.mi.poco.coupon.imports;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.mi.poco.coupon.PocoCoupon;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.math.BigDecimal;
import java.time.Instant;

/** One line of {@code coupons.jsonl}. A PERCENT coupon has no currency and a value from 1 to 100. */
public record CouponLine(
        @NotBlank @Size(max = 64) String code,
        @NotBlank @Size(max = 64) String pocoAccountId,
        @NotNull PocoCoupon.Kind kind,
        @NotNull @DecimalMin(value = "0", inclusive = false) @Digits(integer = 10, fraction = 2) BigDecimal value,
        @Pattern(regexp = "[A-Z]{3}", message = "must be an ISO 4217 code") String currency,
        @DecimalMin("0") @Digits(integer = 10, fraction = 2) BigDecimal minSpend,
        @NotNull Instant issuedAt,
        @NotNull Instant expiresAt,
        @NotNull PocoCoupon.Status status) {

    @JsonIgnore
    @AssertTrue(message = "a PERCENT coupon has no currency and a value from 1 to 100; an AMOUNT coupon has a currency")
    public boolean isKindConsistent() {
        if (kind == null || value == null) {
            return true;
        }
        return kind == PocoCoupon.Kind.PERCENT
                ? currency == null && value.compareTo(BigDecimal.ONE) >= 0 && value.compareTo(BigDecimal.valueOf(100)) <= 0
                : currency != null;
    }

    @JsonIgnore
    @AssertTrue(message = "expiresAt is before issuedAt")
    public boolean isExpiryAfterIssue() {
        return expiresAt == null || issuedAt == null || !expiresAt.isBefore(issuedAt);
    }
}
