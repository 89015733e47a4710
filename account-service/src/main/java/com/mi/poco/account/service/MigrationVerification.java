package com.mi.poco.account.service;

import com.mi.poco.account.BulkMigration;
import com.mi.poco.platform.problem.ProblemException;
import com.mi.poco.platform.verification.Verifier;
import com.mi.poco.platform.verification.Verifier.Check;
import com.mi.poco.platform.verification.Verifier.Kept;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * account-service's part of the migration verification: every migrated account (of one migration,
 * or all) has its Mi account, and is COMPLETED if and only if both steps reported. An account a
 * step never reported is listed under the step it waits for. The row checks are kept per migration by
 * the database (V10, {@code migration_verification_totals}); the Mi account's existence is its foreign key.
 */
@ApplicationScoped
public class MigrationVerification {

    private static final String MIGRATED = "SELECT * FROM poco_account a WHERE a.mi_account_id IS NOT NULL %s";
    private static final String KEPT = "SELECT %s FROM migration_verification_totals t %s";

    private final Verifier verifier;

    public MigrationVerification(Verifier verifier) {
        this.verifier = verifier;
    }

    /**
     * One migration's part, or every migrated account's ({@code migration} null). A migration id that names
     * no migration is a 404: its verification would otherwise be a clean one of no accounts.
     */
    public Verifier.Verification verify(UUID migration, int listed, boolean audit) {
        if (migration != null && BulkMigration.findById(migration) == null) {
            throw ProblemException.notFound("migration", migration.toString());
        }
        String migrated = MIGRATED.formatted(migration == null ? "" : "AND a.migration_id = :migration");
        String ofMigration = migration == null ? "" : "WHERE t.migration_id = :migration";
        List<Check> checks = List.of(
                new Check("noMiAccount", "a migrated account's Mi account exists", """
                        SELECT a.poco_account_id FROM (%s) a
                        WHERE NOT EXISTS (SELECT 1 FROM mi_account m WHERE m.mi_account_id = a.mi_account_id)"""
                        .formatted(migrated), new Kept.HeldBy("poco_account_mi_account_id_fkey")),
                new Check("waitingForPointsStep", "loyalty-service reported the account's points conversion", """
                        SELECT a.poco_account_id FROM (%s) a WHERE a.points_reported_at IS NULL""".formatted(migrated),
                        kept("waiting_for_points_step", ofMigration)),
                new Check("waitingForCouponsStep", "coupon-service reported the account's coupons", """
                        SELECT a.poco_account_id FROM (%s) a WHERE a.coupons_reported_at IS NULL""".formatted(migrated),
                        kept("waiting_for_coupons_step", ofMigration)),
                new Check("completedWithoutBothSteps", "COMPLETED only once both steps reported", """
                        SELECT a.poco_account_id FROM (%s) a WHERE a.migration_state = 'COMPLETED'
                        AND (a.points_reported_at IS NULL OR a.coupons_reported_at IS NULL)""".formatted(migrated),
                        kept("completed_without_both_steps", ofMigration)),
                new Check("bothStepsNotCompleted", "COMPLETED as soon as both steps reported", """
                        SELECT a.poco_account_id FROM (%s) a WHERE a.migration_state <> 'COMPLETED'
                        AND a.points_reported_at IS NOT NULL AND a.coupons_reported_at IS NOT NULL"""
                        .formatted(migrated), kept("both_steps_not_completed", ofMigration)));
        Verifier.Part part = new Verifier.Part("account-service",
                "SELECT a.poco_account_id, a.mi_account_id FROM (%s) a".formatted(migrated),
                KEPT.formatted("coalesce(sum(t.migrated), 0) AS accounts, coalesce(sum(t.pairs), 0) AS pairs", ofMigration),
                checks);
        return verifier.verify(part, migration == null ? Map.of() : Map.of("migration", migration), listed, audit);
    }

    private static Kept kept(String column, String ofMigration) {
        return new Kept.Total(KEPT.formatted("coalesce(sum(t.%s), 0)".formatted(column), ofMigration));
    }
}
