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
import com.mi.poco.loyalty.service.LoyaltyViews.PointsTotals;
import com.mi.poco.loyalty.service.LoyaltyViews.Reconciliation;
import com.mi.poco.platform.problem.ProblemException;
import com.mi.poco.steps.Holding;
import com.mi.poco.steps.MiHolder;
import com.mi.poco.steps.PocoHolder;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Tuple;
import jakarta.transaction.Transactional;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

@ApplicationScoped
@Transactional(Transactional.TxType.SUPPORTS)
public class LoyaltyQueries {

    private final EntityManager entityManager;

    public LoyaltyQueries(EntityManager entityManager) {
        this.entityManager = entityManager;
    }

    /** A Mi ledger in one statement: the holder, and its entries in time order ({@link MiHolder#read}). */
    private static final String MI_LEDGER = """
            SELECT holder.*, {e.*}
            FROM (%s) holder
            LEFT JOIN mi_points_entry e ON e.mi_account_id = :mi
            ORDER BY e.at, e.id""".formatted(MiHolder.SQL);

    public MiLedger miLedger(String miAccountId) {
        Holding<MiHolder, MiPointsEntry> ledger = MiHolder.read(entityManager, MI_LEDGER, "e", MiPointsEntry.class, miAccountId);
        MiHolder holder = ledger.holder();
        List<MiPointsEntry> entries = ledger.rows();
        if (!holder.migrated() && entries.isEmpty() || holder.erased()) {
            throw ProblemException.notFound("Mi loyalty account", miAccountId);
        }
        return new MiLedger(miAccountId, entries.stream().mapToLong(e -> e.delta).sum(), holder.pocoAccountIds(),
                entries.stream().map(e -> new MiEntry(e.id, e.delta, e.reason, e.at,
                        MiPointsEntry.POCO_CONVERSION.equals(e.reason), e.pocoAccountId, e.conversionId)).toList());
    }

    /**
     * A POCO ledger's holder and entries in one statement ({@link PocoHolder#read}); the conversions that
     * settled them, of a migrated account, in a second.
     */
    private static final String POCO_LEDGER = """
            SELECT holder.*, {e.*}
            FROM (%s) holder
            LEFT JOIN poco_points_entry e ON e.poco_account_id = :poco
            ORDER BY e.at, e.entry_id""".formatted(PocoHolder.SQL);

    public PocoLedger pocoLedger(String pocoAccountId) {
        Holding<PocoHolder, PocoPointsEntry> ledger = PocoHolder.read(entityManager, POCO_LEDGER, "e",
                PocoPointsEntry.class, pocoAccountId);
        PocoHolder holder = ledger.holder();
        List<PocoPointsEntry> entries = ledger.rows();
        if (!holder.migrated() && entries.isEmpty() || holder.erased()) {
            throw ProblemException.notFound("POCO points account", pocoAccountId);
        }
        Map<UUID, PointsConversion> conversions = !holder.migrated() ? Map.of() : PointsConversion.<PointsConversion>list(
                        "pocoAccountId = ?1 order by convertedAt", pocoAccountId).stream()
                .collect(Collectors.toMap(c -> c.conversionId, Function.identity(), (a, b) -> a, LinkedHashMap::new));
        return new PocoLedger(pocoAccountId, holder.miAccountId(), holder.migrated(),
                entries.stream().map(e -> new PocoEntry(e.entryId, e.delta, e.reason, e.at, e.expiresAt,
                        statusOf(e, conversions), e.conversionId)).toList(),
                conversions.values().stream().map(c -> new Conversion(c.conversionId, c.late, c.convertedAt, c.balance,
                        c.expiredPoints, c.pocoPointsConverted, c.rate, c.miPointsCredited, c.remainder)).toList());
    }

    /** The totals the database keeps (V4 points_totals, migration-steps' migrated_account_totals): 32 rows read. */
    private static final String KEPT_TOTALS = """
            SELECT (SELECT coalesce(sum(accounts), 0) FROM migrated_account_totals) AS migrated_accounts,
                   coalesce(sum(conversions), 0) AS conversions,
                   coalesce(sum(initial_conversions), 0) AS initial_conversions, coalesce(sum(balance), 0) AS balance,
                   coalesce(sum(expired_points), 0) AS expired_points,
                   coalesce(sum(poco_points_converted), 0) AS poco_points_converted,
                   coalesce(sum(mi_points_credited), 0) AS mi_points_credited, coalesce(sum(remainders), 0) AS remainders,
                   coalesce(sum(converted_times_rate), 0) AS converted_times_rate,
                   coalesce(sum(ledger_credited), 0) AS ledger_credited, coalesce(sum(settled_balance), 0) AS settled_balance
            FROM points_totals""";

    /** The same totals counted anew from every row: the audit. */
    private static final String RECOUNTED_TOTALS = """
            SELECT (SELECT count(*) FROM migrated_account) AS migrated_accounts, count(*) AS conversions,
                   count(*) FILTER (WHERE NOT late) AS initial_conversions, coalesce(sum(balance), 0) AS balance,
                   coalesce(sum(expired_points), 0) AS expired_points,
                   coalesce(sum(poco_points_converted), 0) AS poco_points_converted,
                   coalesce(sum(mi_points_credited), 0) AS mi_points_credited, coalesce(sum(remainder), 0) AS remainders,
                   coalesce(sum(poco_points_converted * rate), 0) AS converted_times_rate,
                   (SELECT coalesce(sum(delta), 0) FROM mi_points_entry WHERE reason = 'POCO_CONVERSION') AS ledger_credited,
                   (SELECT coalesce(sum(e.delta), 0) FROM poco_points_entry e
                    JOIN points_conversion k ON k.conversion_id = e.conversion_id
                    WHERE e.expires_at IS NULL OR e.expires_at > k.converted_at) AS settled_balance
            FROM points_conversion""";

    /**
     * The books over every conversion: kept by the database as rows are written (the default), or
     * counted anew from every row ({@code audit}), which also finds the conversions that do not match
     * their entries one by one and checks the kept totals against the recount.
     */
    public Reconciliation reconciliation(boolean audit) {
        if (!audit) {
            PointsTotals kept = totals(KEPT_TOTALS);
            return Reconciliation.of("totals", kept, kept.migratedWithoutConversion(), null, null);
        }
        // one snapshot for the kept totals and the recount, so that a migration running meanwhile changes neither
        return QuarkusTransaction.requiringNew().call(this::audit);
    }

    private Reconciliation audit() {
        entityManager.createNativeQuery("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY").executeUpdate();
        PointsTotals kept = totals(KEPT_TOTALS);
        PointsTotals recounted = totals(RECOUNTED_TOTALS);
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
        return Reconciliation.of("audit", recounted, withoutConversion, mismatches, kept.equals(recounted));
    }

    private PointsTotals totals(String sql) {
        return PointsTotals.of((Tuple) entityManager.createNativeQuery(sql, Tuple.class).getSingleResult());
    }

    private static EntryStatus statusOf(PocoPointsEntry entry, Map<UUID, PointsConversion> conversions) {
        PointsConversion conversion = entry.conversionId == null ? null : conversions.get(entry.conversionId);
        if (conversion == null) {
            return EntryStatus.PENDING;
        }
        return entry.expiredAt(conversion.convertedAt) ? EntryStatus.EXPIRED : EntryStatus.CONVERTED;
    }
}
