package com.mi.poco.account.service;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.mi.poco.account.MigrationState;
import com.mi.poco.account.PocoAccount;
import com.mi.poco.events.AccountMigrated;
import java.time.Instant;
import java.util.UUID;

/** One POCO account's migration: its Mi account, its state, and what each step reported. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AccountMigrationView(
        String pocoAccountId,
        MigrationState state,
        String miAccountId,
        AccountMigrated.Link link,
        UUID migrationId,
        Instant migratedAt,
        Instant completedAt,
        PointsStep points,
        CouponsStep coupons) {

    public record PointsStep(boolean reported, Instant reportedAt, int conversions, long pocoPointsConverted,
            long miPointsCredited, long expiredPoints) {
    }

    public record CouponsStep(boolean reported, Instant reportedAt, int reissued, int notReissued) {
    }

    static AccountMigrationView of(PocoAccount a) {
        return new AccountMigrationView(a.pocoAccountId, a.migrationState, a.miAccountId, a.link, a.migrationId,
                a.migratedAt, a.completedAt,
                new PointsStep(a.pointsReportedAt != null, a.pointsReportedAt, a.pointsConversions,
                        a.pocoPointsConverted, a.miPointsCredited, a.expiredPoints),
                new CouponsStep(a.couponsReportedAt != null, a.couponsReportedAt, a.couponsReissued,
                        a.couponsNotReissued));
    }
}
