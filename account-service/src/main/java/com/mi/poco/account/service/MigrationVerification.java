package com.mi.poco.account.service;

import com.mi.poco.platform.verification.Verifier;
import com.mi.poco.platform.verification.Verifier.Check;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * account-service's part of the migration verification: every migrated account (of one migration,
 * or all) has its Mi account, and is COMPLETED if and only if both steps reported. An account a
 * step never reported is listed under the step it waits for.
 */
@ApplicationScoped
public class MigrationVerification {

    private static final String MIGRATED = "SELECT * FROM poco_account a WHERE a.mi_account_id IS NOT NULL %s";

    private final Verifier verifier;

    public MigrationVerification(Verifier verifier) {
        this.verifier = verifier;
    }

    public Verifier.Verification verify(UUID migration, int listed) {
        String migrated = MIGRATED.formatted(migration == null ? "" : "AND a.migration_id = :migration");
        List<Check> checks = List.of(
                new Check("noMiAccount", "a migrated account's Mi account exists", """
                        SELECT a.poco_account_id FROM (%s) a
                        WHERE NOT EXISTS (SELECT 1 FROM mi_account m WHERE m.mi_account_id = a.mi_account_id)"""
                        .formatted(migrated)),
                new Check("waitingForPointsStep", "loyalty-service reported the account's points conversion", """
                        SELECT a.poco_account_id FROM (%s) a WHERE a.points_reported_at IS NULL""".formatted(migrated)),
                new Check("waitingForCouponsStep", "coupon-service reported the account's coupons", """
                        SELECT a.poco_account_id FROM (%s) a WHERE a.coupons_reported_at IS NULL""".formatted(migrated)),
                new Check("completedWithoutBothSteps", "COMPLETED only once both steps reported", """
                        SELECT a.poco_account_id FROM (%s) a WHERE a.migration_state = 'COMPLETED'
                        AND (a.points_reported_at IS NULL OR a.coupons_reported_at IS NULL)""".formatted(migrated)),
                new Check("bothStepsNotCompleted", "COMPLETED as soon as both steps reported", """
                        SELECT a.poco_account_id FROM (%s) a WHERE a.migration_state <> 'COMPLETED'
                        AND a.points_reported_at IS NOT NULL AND a.coupons_reported_at IS NOT NULL"""
                        .formatted(migrated)));
        return verifier.verify("account-service", "SELECT a.poco_account_id, a.mi_account_id FROM (%s) a"
                .formatted(migrated), checks, migration == null ? Map.of() : Map.of("migration", migration), listed);
    }
}
