package com.mi.poco.account;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.mi.poco.events.CouponReissued;
import com.mi.poco.events.PointsConverted;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The step totals rule on its own (no Quarkus, no database): each report adds to the account's
 * totals, late ones too, and the account is COMPLETED at the moment both steps have reported once,
 * never before and never again.
 */
class StepTotalsRuleTest {

    private static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");

    /**
     * @param reports in order: {@code P<converted>:<credited>:<expired>} a points report,
     *                {@code C<decisions>} a coupons report (R reissued, E expired, U used, V revoked; - none)
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        // reports                 | state     | completed by | conversions | converted | credited | expired | reissued | not reissued
        "P100:100:0                | MIGRATED  | -1 | 1 | 100 | 100 | 0  | 0 | 0",
        "C-                        | MIGRATED  | -1 | 0 | 0   | 0   | 0  | 0 | 0",
        "P100:100:0 C-             | COMPLETED | 1  | 1 | 100 | 100 | 0  | 0 | 0",
        "CRRE P0:0:20              | COMPLETED | 1  | 1 | 0   | 0   | 20 | 2 | 1",
        "P10:10:0 CRU P5:5:5 CV    | COMPLETED | 1  | 2 | 15  | 15  | 5  | 1 | 2",
        "P10:10:0 P7:7:0 P1:1:1    | MIGRATED  | -1 | 3 | 18  | 18  | 1  | 0 | 0",
    })
    void reportsAddUpAndTheAccountCompletesWhenBothStepsHaveReported(String reports, MigrationState state,
            int completedBy, int conversions, long converted, long credited, long expired, int reissued, int notReissued) {
        StepTotals totals = new StepTotals("P1", "M1", UUID.randomUUID(), MigrationState.MIGRATED);
        List<Instant> times = new ArrayList<>();
        for (String report : reports.trim().split("\\s+")) {
            Instant at = T0.plusSeconds(times.size());
            times.add(at);
            if (report.startsWith("P")) {
                String[] n = report.substring(1).split(":");
                totals.pointsConverted(points(Long.parseLong(n[0]), Long.parseLong(n[1]), Long.parseLong(n[2])), at);
            } else {
                totals.couponsReissued(coupons(report.substring(1)), at);
            }
        }
        assertAll(reports,
                () -> assertEquals(state, totals.migrationState, "state"),
                () -> assertEquals(completedBy < 0 ? null : times.get(completedBy), totals.completedAt, "completed at"),
                () -> assertEquals(conversions, totals.pointsConversions, "conversions"),
                () -> assertEquals(converted, totals.pocoPointsConverted, "converted"),
                () -> assertEquals(credited, totals.miPointsCredited, "credited"),
                () -> assertEquals(expired, totals.expiredPoints, "expired"),
                () -> assertEquals(reissued, totals.couponsReissued, "reissued"),
                () -> assertEquals(notReissued, totals.couponsNotReissued, "not reissued"));
    }

    @ParameterizedTest
    @CsvSource({"PENDING", "COMPLETED"})
    void onlyAMigratedAccountCompletes(MigrationState state) {
        StepTotals totals = new StepTotals("P1", "M1", UUID.randomUUID(), state);
        totals.pointsConverted(points(1, 1, 0), T0);
        totals.couponsReissued(coupons("R"), T0);

        assertEquals(state, totals.migrationState);
        assertEquals(null, totals.completedAt);
    }

    private static PointsConverted points(long converted, long credited, long expired) {
        return new PointsConverted("P1", "M1", UUID.randomUUID(), false, converted, expired, converted, credited,
                BigDecimal.ONE, BigDecimal.ZERO, T0);
    }

    private static CouponReissued coupons(String decisions) {
        List<CouponReissued.Outcome> outcomes = new ArrayList<>();
        for (char d : decisions.replace("-", "").toCharArray()) {
            CouponReissued.Decision decision = switch (d) {
                case 'R' -> CouponReissued.Decision.REISSUED;
                case 'E' -> CouponReissued.Decision.EXPIRED;
                case 'U' -> CouponReissued.Decision.REDEEMED;
                default -> CouponReissued.Decision.REVOKED;
            };
            outcomes.add(new CouponReissued.Outcome("POCO-" + outcomes.size(), decision,
                    decision == CouponReissued.Decision.REISSUED ? UUID.randomUUID().toString() : null));
        }
        return new CouponReissued("P1", "M1", false, outcomes, T0);
    }
}
