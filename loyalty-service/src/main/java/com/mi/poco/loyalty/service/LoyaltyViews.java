package com.mi.poco.loyalty.service;

import jakarta.persistence.Tuple;
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
     * What the conversions, the Mi ledger and the settled entries add up to (the columns of points_totals,
     * V4): {@code initialConversions} is the accounts converted, one each.
     */
    public record PointsTotals(long migratedAccounts, long conversions, long initialConversions, long balance,
            long expiredPoints, long pocoPointsConverted, long miPointsCredited, BigDecimal remainders,
            BigDecimal convertedTimesRate, long ledgerCredited, long settledBalance) {

        static PointsTotals of(Tuple row) {
            return new PointsTotals(count(row, "migrated_accounts"), count(row, "conversions"),
                    count(row, "initial_conversions"), count(row, "balance"), count(row, "expired_points"),
                    count(row, "poco_points_converted"), count(row, "mi_points_credited"),
                    // without trailing zeros, so that equal totals are equal records whatever the SQL's scale
                    row.get("remainders", BigDecimal.class).stripTrailingZeros(),
                    row.get("converted_times_rate", BigDecimal.class).stripTrailingZeros(),
                    count(row, "ledger_credited"), count(row, "settled_balance"));
        }

        long migratedWithoutConversion() {
            return migratedAccounts - initialConversions;
        }

        private static long count(Tuple row, String column) {
            return row.get(column, Number.class).longValue();
        }
    }

    /**
     * Conservation over every conversion: the Mi ledger holds exactly what the conversions credited,
     * credited + remainders = converted × rate, the conversions' balance is the settled entries' balance
     * (their unexpired part), and every migrated account has its conversion. {@code basis}: "totals"
     * (kept by the database as rows are written) or "audit" (every row counted anew; then
     * {@code conversionsNotMatchingTheirEntries} counts them one by one and {@code totalsMatchRecount}
     * says whether the kept totals are right).
     */
    public record Reconciliation(String basis, long accounts, long conversions, long pocoPointsConverted,
            long miPointsCredited, BigDecimal remainders, BigDecimal convertedTimesRate, long expiredPoints,
            long miLedgerCredited, long balanceOfConversions, long balanceOfSettledEntries,
            Long conversionsNotMatchingTheirEntries, long migratedAccountsWithoutConversion, Boolean totalsMatchRecount,
            boolean agree) {

        static Reconciliation of(String basis, PointsTotals totals, long withoutConversion, Long mismatches,
                Boolean totalsMatchRecount) {
            boolean agree = totals.ledgerCredited() == totals.miPointsCredited()
                    && BigDecimal.valueOf(totals.miPointsCredited()).add(totals.remainders())
                            .compareTo(totals.convertedTimesRate()) == 0
                    && totals.balance() == totals.settledBalance()
                    && withoutConversion == 0
                    && (mismatches == null || mismatches == 0)
                    && !Boolean.FALSE.equals(totalsMatchRecount);
            return new Reconciliation(basis, totals.initialConversions(), totals.conversions(),
                    totals.pocoPointsConverted(), totals.miPointsCredited(), totals.remainders(),
                    totals.convertedTimesRate(), totals.expiredPoints(), totals.ledgerCredited(),
                    totals.balance(), totals.settledBalance(), mismatches, withoutConversion, totalsMatchRecount, agree);
        }
    }

    private LoyaltyViews() {
    }
}
