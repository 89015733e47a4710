package com.mi.poco.coupon;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.mi.poco.events.CouponReissued;
import java.math.BigDecimal;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The coupon rule of docs/domain.md as a table, on {@link UndecidedCoupon#decide} alone (no Quarkus, no
 * broker): reissued only if ACTIVE and still valid after the reissue date; otherwise the reason. The
 * real-broker tests ({@code CouponReissueTest}) check the wiring around it.
 */
class CouponDecisionRuleTest {

    private static final Instant REISSUE_DATE = Instant.parse("2024-12-12T00:00:00Z");

    @ParameterizedTest(name = "{0}, expiring {1}: {2}")
    @CsvSource({
            "ACTIVE,   2025-03-31T23:59:59Z, REISSUED",
            "ACTIVE,   2024-12-12T00:00:01Z, REISSUED",
            "ACTIVE,   2024-12-12T00:00:00Z, EXPIRED",   // expiring at the reissue date is not after it
            "ACTIVE,   2024-06-30T23:59:59Z, EXPIRED",
            "REDEEMED, 2025-03-31T23:59:59Z, REDEEMED",
            "REDEEMED, 2024-06-30T23:59:59Z, REDEEMED",  // the reason is what happened to it first
            "REVOKED,  2025-03-31T23:59:59Z, REVOKED",
            "REVOKED,  2024-06-30T23:59:59Z, REVOKED",
    })
    void decidesByTheRule(PocoCoupon.Status status, Instant expiresAt, CouponReissued.Decision expected) {
        UndecidedCoupon coupon = new UndecidedCoupon("POCO-TEST-0001", "P1", PocoCoupon.Kind.AMOUNT, BigDecimal.TEN, "EUR",
                null, expiresAt, status);

        assertEquals(expected, coupon.decide(REISSUE_DATE));
    }
}
