package com.mi.poco.loyalty.service;

import com.mi.poco.platform.verification.Verifier;
import com.mi.poco.platform.verification.Verifier.Check;
import com.mi.poco.platform.verification.Verifier.Kept;
import com.mi.poco.steps.StepVerification;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;

/**
 * loyalty-service's part of the migration verification, over every account it recorded as migrated:
 * exactly one initial conversion, crediting the account's Mi account, and no legacy entry left
 * unsettled. (An account this service never recorded shows in account-service's part, as waiting
 * for the points step, and in the digests, which then differ.) Answered from kept totals (V4, V5).
 */
@ApplicationScoped
public class PointsVerification {

    static final String WITHOUT_CONVERSION = """
            SELECT m.poco_account_id FROM migrated_account m
            WHERE NOT EXISTS (SELECT 1 FROM points_conversion c WHERE c.poco_account_id = m.poco_account_id AND NOT c.late)""";

    private static final Verifier.Part PART = StepVerification.part("loyalty-service", List.of(
            // each initial conversion is of one migrated account (the foreign key), at most one per account
            new Check("noInitialConversion", "exactly one initial points conversion per migrated account",
                    WITHOUT_CONVERSION, new Kept.Total("""
                            SELECT (SELECT coalesce(sum(accounts), 0) FROM migrated_account_totals)
                                 - (SELECT coalesce(sum(initial_conversions), 0) FROM points_totals)""")),
            new Check("moreThanOneInitialConversion", "exactly one initial points conversion per migrated account", """
                    SELECT c.poco_account_id FROM points_conversion c WHERE NOT c.late
                    GROUP BY c.poco_account_id HAVING count(*) > 1""", new Kept.HeldBy("points_conversion_initial")),
            new Check("creditsAnotherMiAccount", "a conversion credits the account's own Mi account", """
                    SELECT m.poco_account_id FROM migrated_account m
                    JOIN points_conversion c ON c.poco_account_id = m.poco_account_id
                    WHERE c.mi_account_id <> m.mi_account_id""",
                    new Kept.Total("SELECT coalesce(sum(credits_another_mi_account), 0) FROM points_totals")),
            StepVerification.unhandledRecords("unsettledLegacyEntries",
                    "no legacy points entry of a migrated account is left unsettled", PointsConverter.ENTRIES)));

    private final Verifier verifier;

    public PointsVerification(Verifier verifier) {
        this.verifier = verifier;
    }

    public Verifier.Verification verify(int listed, boolean audit) {
        return verifier.verify(PART, Map.of(), listed, audit);
    }
}
