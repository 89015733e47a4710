package com.mi.poco.loyalty.service;

import com.mi.poco.loyalty.MiPointsEntry;
import com.mi.poco.loyalty.PocoPointsEntry;
import com.mi.poco.loyalty.PointsConversion;
import com.mi.poco.loyalty.service.LoyaltyViews.Conversion;
import com.mi.poco.loyalty.service.LoyaltyViews.EntryStatus;
import com.mi.poco.loyalty.service.LoyaltyViews.MiEntry;
import com.mi.poco.loyalty.service.LoyaltyViews.MiLedger;
import com.mi.poco.loyalty.service.LoyaltyViews.PocoEntry;
import com.mi.poco.loyalty.service.LoyaltyViews.PocoLedger;
import com.mi.poco.loyalty.service.LoyaltyViews.Reconciliation;
import com.mi.poco.platform.problem.ProblemException;
import com.mi.poco.steps.MigratedAccount;
import com.mi.poco.steps.MigrationSteps;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Tuple;
import jakarta.transaction.Transactional;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

@ApplicationScoped
@Transactional(Transactional.TxType.SUPPORTS)
public class LoyaltyQueries {

    private final EntityManager entityManager;
    private final MigrationSteps steps;

    public LoyaltyQueries(EntityManager entityManager, MigrationSteps steps) {
        this.entityManager = entityManager;
        this.steps = steps;
    }

    public MiLedger miLedger(String miAccountId) {
        List<MigratedAccount> accounts = MigratedAccount.list("miAccountId = ?1 order by pocoAccountId", miAccountId);
        List<MiPointsEntry> entries = MiPointsEntry.list("miAccountId = ?1 order by at, id", miAccountId);
        if (accounts.isEmpty() && entries.isEmpty() || steps.isErased(miAccountId)) {
            throw ProblemException.notFound("Mi loyalty account", miAccountId);
        }
        return new MiLedger(miAccountId, entries.stream().mapToLong(e -> e.delta).sum(),
                accounts.stream().map(a -> a.pocoAccountId).toList(),
                entries.stream().map(e -> new MiEntry(e.id, e.delta, e.reason, e.at,
                        MiPointsEntry.POCO_CONVERSION.equals(e.reason), e.pocoAccountId, e.conversionId)).toList());
    }

    public PocoLedger pocoLedger(String pocoAccountId) {
        MigratedAccount account = MigratedAccount.findById(pocoAccountId);
        List<PocoPointsEntry> entries = PocoPointsEntry.list("pocoAccountId = ?1 order by at, entryId", pocoAccountId);
        if (account == null && entries.isEmpty() || account != null && steps.isErased(account.miAccountId)) {
            throw ProblemException.notFound("POCO points account", pocoAccountId);
        }
        Map<UUID, PointsConversion> conversions = PointsConversion.<PointsConversion>list(
                        "pocoAccountId = ?1 order by convertedAt", pocoAccountId).stream()
                .collect(Collectors.toMap(c -> c.conversionId, Function.identity(), (a, b) -> a, java.util.LinkedHashMap::new));
        return new PocoLedger(pocoAccountId, account == null ? null : account.miAccountId, account != null,
                entries.stream().map(e -> new PocoEntry(e.entryId, e.delta, e.reason, e.at, e.expiresAt,
                        statusOf(e, conversions.get(e.conversionId)), e.conversionId)).toList(),
                conversions.values().stream().map(c -> new Conversion(c.conversionId, c.late, c.convertedAt, c.balance,
                        c.expiredPoints, c.pocoPointsConverted, c.rate, c.miPointsCredited, c.remainder)).toList());
    }

    /** What the conversions add up to, read once per reconciliation. */
    private record ConversionTotals(long accounts, long conversions, long pocoPointsConverted, long miPointsCredited,
            BigDecimal remainders, BigDecimal convertedTimesRate, long expiredPoints) {

        static ConversionTotals of(Tuple row) {
            return new ConversionTotals(row.get("accounts", Number.class).longValue(),
                    row.get("conversions", Number.class).longValue(), row.get("converted", Number.class).longValue(),
                    row.get("credited", Number.class).longValue(), row.get("remainders", BigDecimal.class),
                    row.get("converted_times_rate", BigDecimal.class), row.get("expired", Number.class).longValue());
        }
    }

    public Reconciliation reconciliation() {
        ConversionTotals totals = ConversionTotals.of((Tuple) entityManager.createNativeQuery("""
                SELECT count(DISTINCT poco_account_id) AS accounts, count(*) AS conversions,
                       coalesce(sum(poco_points_converted), 0) AS converted,
                       coalesce(sum(mi_points_credited), 0) AS credited,
                       coalesce(sum(remainder), 0) AS remainders,
                       coalesce(sum(poco_points_converted * rate), 0) AS converted_times_rate,
                       coalesce(sum(expired_points), 0) AS expired
                FROM points_conversion""", Tuple.class).getSingleResult());
        long ledger = ((Number) entityManager.createNativeQuery(
                "SELECT coalesce(sum(delta), 0) FROM mi_points_entry WHERE reason = 'POCO_CONVERSION'")
                .getSingleResult()).longValue();
        // One pass over each table (hash joins), not a subquery per conversion.
        long mismatches = ((Number) entityManager.createNativeQuery("""
                SELECT count(*) FROM points_conversion c
                LEFT JOIN (SELECT e.conversion_id, sum(e.delta) AS balance
                           FROM poco_points_entry e JOIN points_conversion k ON k.conversion_id = e.conversion_id
                           WHERE e.expires_at IS NULL OR e.expires_at > k.converted_at
                           GROUP BY e.conversion_id) settled ON settled.conversion_id = c.conversion_id
                WHERE c.balance <> coalesce(settled.balance, 0)""")
                .getSingleResult()).longValue();
        long withoutConversion = ((Number) entityManager.createNativeQuery(
                "SELECT count(*) FROM (" + PointsVerification.WITHOUT_CONVERSION + ") m").getSingleResult()).longValue();
        boolean agree = ledger == totals.miPointsCredited() && mismatches == 0 && withoutConversion == 0
                && BigDecimal.valueOf(totals.miPointsCredited()).add(totals.remainders())
                        .compareTo(totals.convertedTimesRate()) == 0;
        return new Reconciliation(totals.accounts(), totals.conversions(), totals.pocoPointsConverted(),
                totals.miPointsCredited(), totals.remainders().stripTrailingZeros(),
                totals.convertedTimesRate().stripTrailingZeros(), totals.expiredPoints(), ledger, mismatches,
                withoutConversion, agree);
    }

    private static EntryStatus statusOf(PocoPointsEntry entry, PointsConversion conversion) {
        if (conversion == null) {
            return EntryStatus.PENDING;
        }
        return entry.expiredAt(conversion.convertedAt) ? EntryStatus.EXPIRED : EntryStatus.CONVERTED;
    }
}
