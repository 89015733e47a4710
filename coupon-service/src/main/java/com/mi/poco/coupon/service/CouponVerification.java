package com.mi.poco.coupon.service;

import com.mi.poco.platform.verification.Verifier;
import com.mi.poco.platform.verification.Verifier.Check;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;

/**
 * coupon-service's part of the migration verification, over every account it recorded as migrated:
 * every legacy coupon decided, each reissued at most once and to the account's own Mi account.
 */
@ApplicationScoped
public class CouponVerification {

    private static final List<Check> CHECKS = List.of(
            new Check("undecidedCoupons", "every legacy coupon of a migrated account is decided", """
                    SELECT m.poco_account_id FROM migrated_account m
                    WHERE EXISTS (SELECT 1 FROM poco_coupon c WHERE c.poco_account_id = m.poco_account_id
                                  AND c.decision IS NULL)"""),
            new Check("reissuedWithoutMiCoupon", "a coupon decided REISSUED has its Mi coupon", """
                    SELECT DISTINCT c.poco_account_id FROM poco_coupon c
                    WHERE c.decision = 'REISSUED' AND NOT EXISTS (SELECT 1 FROM mi_coupon n WHERE n.legacy_code = c.code)"""),
            new Check("reissuedMoreThanOnce", "a legacy coupon is reissued at most once", """
                    SELECT c.poco_account_id FROM mi_coupon n JOIN poco_coupon c ON c.code = n.legacy_code
                    GROUP BY c.poco_account_id, n.legacy_code HAVING count(*) > 1"""),
            new Check("reissuedToAnotherMiAccount", "a coupon is reissued to the account's own Mi account", """
                    SELECT DISTINCT m.poco_account_id FROM migrated_account m
                    JOIN poco_coupon c ON c.poco_account_id = m.poco_account_id
                    JOIN mi_coupon n ON n.legacy_code = c.code
                    WHERE n.mi_account_id <> m.mi_account_id"""));

    private final Verifier verifier;

    public CouponVerification(Verifier verifier) {
        this.verifier = verifier;
    }

    public Verifier.Verification verify(int listed) {
        return verifier.verify("coupon-service", "SELECT poco_account_id, mi_account_id FROM migrated_account", CHECKS,
                Map.of(), listed);
    }
}
