package com.mi.poco.account;

import com.mi.poco.events.CouponReissued;
import com.mi.poco.events.PointsConverted;
import java.time.Instant;
import java.util.UUID;

/**
 * The part of a migrated {@link PocoAccount} its steps' reports change: the totals each step reported
 * and whether the account is COMPLETED. Reports are applied to it in memory, and a batch of them is
 * written back in one statement ({@code StepReports}), not as one entity update per account.
 */
public final class StepTotals {

    public final String pocoAccountId;
    public final String miAccountId;
    public final UUID migrationId;
    public MigrationState migrationState;
    public Instant completedAt;
    public Instant pointsReportedAt;
    public int pointsConversions;
    public long pocoPointsConverted;
    public long miPointsCredited;
    public long expiredPoints;
    public Instant couponsReportedAt;
    public int couponsReissued;
    public int couponsNotReissued;

    public StepTotals(String pocoAccountId, String miAccountId, UUID migrationId, MigrationState migrationState) {
        this.pocoAccountId = pocoAccountId;
        this.miAccountId = miAccountId;
        this.migrationId = migrationId;
        this.migrationState = migrationState;
    }

    /** The points step reported (again, for late points): totals add up, and completion may follow. */
    public void pointsConverted(PointsConverted report, Instant at) {
        pointsReportedAt = pointsReportedAt == null ? at : pointsReportedAt;
        pointsConversions++;
        pocoPointsConverted += report.pocoPointsConverted();
        miPointsCredited += report.miPointsCredited();
        expiredPoints += report.expiredPoints();
        completeIfBothStepsReported(at);
    }

    /** The coupons step reported (again, for late coupons): totals add up, and completion may follow. */
    public void couponsReissued(CouponReissued report, Instant at) {
        couponsReportedAt = couponsReportedAt == null ? at : couponsReportedAt;
        for (CouponReissued.Outcome outcome : report.coupons()) {
            if (outcome.decision() == CouponReissued.Decision.REISSUED) {
                couponsReissued++;
            } else {
                couponsNotReissued++;
            }
        }
        completeIfBothStepsReported(at);
    }

    private void completeIfBothStepsReported(Instant at) {
        if (migrationState == MigrationState.MIGRATED && pointsReportedAt != null && couponsReportedAt != null) {
            migrationState = MigrationState.COMPLETED;
            completedAt = at;
        }
    }
}
