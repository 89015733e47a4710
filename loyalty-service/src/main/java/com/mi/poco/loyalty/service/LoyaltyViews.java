package com.mi.poco.loyalty.service;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** What loyalty-service answers: a Mi ledger, a POCO ledger and what became of it, the reconciliation. */
public final class LoyaltyViews {

    /** A Mi account's points: its balance and ledger; {@code fromPoco} marks converted POCO points. */
    public record MiLedger(String miAccountId, long balance, List<String> pocoAccountIds, List<MiEntry> entries) {
    }

    public record MiEntry(UUID id, long delta, String reason, Instant at, boolean fromPoco, String pocoAccountId,
            UUID conversionId) {
    }

    /** A POCO account's legacy ledger as imported, each entry's fate, and the conversions. */
    public record PocoLedger(String pocoAccountId, String miAccountId, boolean migrated, List<PocoEntry> entries,
            List<Conversion> conversions) {
    }

    public enum EntryStatus {
        /** Not converted yet (the account has not migrated, or a late entry waits for the sweep). */
        PENDING,
        /** Counted in a conversion's balance. */
        CONVERTED,
        /** Left out: expired at conversion time. */
        EXPIRED
    }

    public record PocoEntry(String entryId, long delta, String reason, Instant at, Instant expiresAt,
            EntryStatus status, UUID conversionId) {
    }

    public record Conversion(UUID conversionId, boolean late, Instant convertedAt, long balance, long expiredPoints,
            long pocoPointsConverted, BigDecimal rate, long miPointsCredited, BigDecimal remainder) {
    }

    /**
     * Conservation over every conversion: the Mi ledger holds exactly what the conversions credited,
     * credited + remainders = converted × rate, and each conversion's balance is the sum of its
     * unexpired entries.
     */
    public record Reconciliation(long accounts, long conversions, long pocoPointsConverted, long miPointsCredited,
            BigDecimal remainders, BigDecimal convertedTimesRate, long expiredPoints, long miLedgerCredited,
            long conversionsNotMatchingTheirEntries, long migratedAccountsWithoutConversion, boolean agree) {
    }

    private LoyaltyViews() {
    }
}
