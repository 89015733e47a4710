package com.mi.poco.steps;

import com.mi.poco.platform.verification.Verifier;
import com.mi.poco.platform.verification.Verifier.Check;
import com.mi.poco.platform.verification.Verifier.Kept;
import java.util.List;

/**
 * What a step's part of the migration verification is made of the same way in every step: the accounts
 * it recorded as migrated (their digest kept in {@code migrated_account_totals}), and its records of
 * those accounts not handled yet (kept there too, as {@code unhandled_records}: V0_6).
 */
public final class StepVerification {

    private StepVerification() {
    }

    public static Verifier.Part part(String service, List<Check> checks) {
        return new Verifier.Part(service, "SELECT poco_account_id, mi_account_id FROM migrated_account", """
                SELECT coalesce(sum(accounts), 0) AS accounts, coalesce(sum(pairs), 0) AS pairs
                FROM migrated_account_totals""", checks);
    }

    /** Each of the step's records of a migrated account that is not handled breaks {@code rule}. */
    public static Check unhandledRecords(String name, String rule, MigrationSteps.StepRecords records) {
        return new Check(name, rule, """
                SELECT r.poco_account_id FROM %s r JOIN migrated_account m USING (poco_account_id)
                WHERE r.%s IS NULL""".formatted(records.table(), records.handledColumn()),
                new Kept.Total("SELECT coalesce(sum(unhandled_records), 0) FROM migrated_account_totals"));
    }
}
