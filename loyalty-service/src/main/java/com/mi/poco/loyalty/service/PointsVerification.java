package com.mi.poco.loyalty.service;

import com.mi.poco.platform.verification.Verifier;
import com.mi.poco.platform.verification.Verifier.Check;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;

/**
 * loyalty-service's part of the migration verification, over every account it recorded as migrated:
 * exactly one initial conversion, crediting the account's Mi account, and no legacy entry left
 * unsettled. (An account this service never recorded shows in account-service's part, as waiting
 * for the points step, and in the digests, which then differ.)
 */
@ApplicationScoped
public class PointsVerification {

    static final String WITHOUT_CONVERSION = """
            SELECT m.poco_account_id FROM migrated_account m
            WHERE NOT EXISTS (SELECT 1 FROM points_conversion c WHERE c.poco_account_id = m.poco_account_id AND NOT c.late)""";

    private static final List<Check> CHECKS = List.of(
            new Check("noInitialConversion", "exactly one initial points conversion per migrated account",
                    WITHOUT_CONVERSION),
            new Check("moreThanOneInitialConversion", "exactly one initial points conversion per migrated account", """
                    SELECT c.poco_account_id FROM points_conversion c WHERE NOT c.late
                    GROUP BY c.poco_account_id HAVING count(*) > 1"""),
            new Check("creditsAnotherMiAccount", "a conversion credits the account's own Mi account", """
                    SELECT DISTINCT m.poco_account_id FROM migrated_account m
                    JOIN points_conversion c ON c.poco_account_id = m.poco_account_id
                    WHERE c.mi_account_id <> m.mi_account_id"""),
            new Check("unsettledLegacyEntries", "no legacy points entry of a migrated account is left unsettled", """
                    SELECT m.poco_account_id FROM migrated_account m
                    WHERE EXISTS (SELECT 1 FROM poco_points_entry e
                                  WHERE e.poco_account_id = m.poco_account_id AND e.conversion_id IS NULL)"""));

    private final Verifier verifier;

    public PointsVerification(Verifier verifier) {
        this.verifier = verifier;
    }

    public Verifier.Verification verify(int listed) {
        return verifier.verify("loyalty-service", "SELECT poco_account_id, mi_account_id FROM migrated_account", CHECKS,
                Map.of(), listed);
    }
}
