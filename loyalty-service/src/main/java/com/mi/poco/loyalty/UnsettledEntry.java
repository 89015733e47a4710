package com.mi.poco.loyalty;

import java.time.Instant;

/**
 * A POCO points entry no conversion has taken yet, as a conversion reads it: a value, not a managed
 * row. The conversion that takes it lists it as settled ({@link PointsConversion#settledEntries}),
 * and its writer marks the row.
 */
public record UnsettledEntry(String entryId, String pocoAccountId, long delta, Instant expiresAt) {

    /** Expired by {@code conversionTime}: left out of the balance. */
    public boolean expiredAt(Instant conversionTime) {
        return expired(expiresAt, conversionTime);
    }

    /** The rule for any entry, converted or not: it expires at {@code expiresAt} (never, if null). */
    public static boolean expired(Instant expiresAt, Instant conversionTime) {
        return expiresAt != null && !expiresAt.isAfter(conversionTime);
    }
}
