package com.mi.poco.coupon.service;

import com.mi.poco.platform.verification.Verifier;
import com.mi.poco.platform.verification.Verifier.Check;
import com.mi.poco.platform.verification.Verifier.Kept;
import com.mi.poco.steps.StepVerification;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;

/**
 * coupon-service's part of the migration verification, over every account it recorded as migrated:
 * every legacy coupon decided, each reissued at most once and to the account's own Mi account.
 * Answered from kept totals (V4).
 */
@ApplicationScoped
public class CouponVerification {

    private static final Verifier.Part PART = StepVerification.part("coupon-service", List.of(
            StepVerification.unhandledRecords("undecidedCoupons", "every legacy coupon of a migrated account is decided",
                    CouponReissuer.COUPONS),
            new Check("reissuedWithoutMiCoupon", "a coupon decided REISSUED has its Mi coupon", """
                    SELECT c.poco_account_id FROM poco_coupon c
                    WHERE c.decision = 'REISSUED' AND NOT EXISTS (SELECT 1 FROM mi_coupon n WHERE n.legacy_code = c.code)""",
                    total("reissued_without_mi_coupon")),
            new Check("reissuedMoreThanOnce", "a legacy coupon is reissued at most once", """
                    SELECT c.poco_account_id FROM mi_coupon n JOIN poco_coupon c ON c.code = n.legacy_code
                    GROUP BY c.poco_account_id, n.legacy_code HAVING count(*) > 1""",
                    new Kept.HeldBy("mi_coupon_legacy_code_key")),
            new Check("reissuedToAnotherMiAccount", "a coupon is reissued to the account's own Mi account", """
                    SELECT m.poco_account_id FROM migrated_account m
                    JOIN poco_coupon c ON c.poco_account_id = m.poco_account_id
                    JOIN mi_coupon n ON n.legacy_code = c.code
                    WHERE n.mi_account_id <> m.mi_account_id""", total("reissued_to_another_mi_account"))));

    private final Verifier verifier;

    public CouponVerification(Verifier verifier) {
        this.verifier = verifier;
    }

    public Verifier.Verification verify(int listed, boolean audit) {
        return verifier.verify(PART, Map.of(), listed, audit);
    }

    private static Kept total(String column) {
        return new Kept.Total("SELECT coalesce(sum(%s), 0) FROM coupon_totals".formatted(column));
    }
}
