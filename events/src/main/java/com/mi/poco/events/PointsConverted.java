package com.mi.poco.events;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/**
 * The points step of one account's migration: what was converted and credited. One per account at
 * migration (also for 0 points), and one more for each batch of late-imported entries.
 *
 * @param balance            sum of the unexpired POCO deltas considered; may be negative
 * @param expiredPoints      POCO points left out because they had expired at conversion time
 * @param pocoPointsConverted the non-negative part of {@code balance} that was converted
 * @param miPointsCredited   whole Mi points credited, {@code floor(pocoPointsConverted × rate)}
 * @param remainder          the fraction of a Mi point that rounding down left out
 */
public record PointsConverted(
        String pocoAccountId,
        String miAccountId,
        UUID conversionId,
        boolean late,
        long balance,
        long expiredPoints,
        long pocoPointsConverted,
        long miPointsCredited,
        BigDecimal rate,
        BigDecimal remainder,
        Instant convertedAt) {
}
