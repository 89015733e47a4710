package com.mi.poco.coupon.service;

import com.mi.poco.coupon.MiCoupon;
import com.mi.poco.coupon.PocoCoupon;
import com.mi.poco.coupon.service.CouponViews.LegacyCouponView;
import com.mi.poco.coupon.service.CouponViews.MiCouponView;
import com.mi.poco.coupon.service.CouponViews.PocoData;
import com.mi.poco.coupon.service.CouponViews.CouponCounts;
import com.mi.poco.coupon.service.CouponViews.ReissueSummary;
import com.mi.poco.events.CouponReissued;
import com.mi.poco.platform.problem.ProblemException;
import com.mi.poco.platform.security.Caller;
import com.mi.poco.steps.Holding;
import com.mi.poco.steps.MiHolder;
import com.mi.poco.steps.PocoHolder;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Tuple;
import jakarta.transaction.Transactional;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.hibernate.query.NativeQuery;

@ApplicationScoped
@Transactional(Transactional.TxType.SUPPORTS)
public class CouponQueries {

    private final EntityManager entityManager;

    public CouponQueries(EntityManager entityManager) {
        this.entityManager = entityManager;
    }

    /** A Mi account's coupons in one statement: the holder, and its coupons by expiry ({@link MiHolder#read}). */
    private static final String MI_COUPONS = """
            SELECT holder.*, {c.*}
            FROM (%s) holder
            LEFT JOIN mi_coupon c ON c.mi_account_id = :mi
            ORDER BY c.expires_at, c.code""".formatted(MiHolder.SQL);

    public List<MiCouponView> miCoupons(String miAccountId) {
        Holding<MiHolder, MiCoupon> holding = holding(miAccountId);
        requireShown(miAccountId, holding, holding.rows().isEmpty() && !holding.holder().migrated());
        return holding.rows().stream().map(MiCouponView::of).toList();
    }

    /**
     * What became of every POCO coupon of the POCO accounts migrated to a Mi account, by code: the
     * customer page's "your old coupons". The holder sees the new codes; ops see the decisions. Unknown
     * and erased accounts are a 404, as for {@link #miCoupons}.
     */
    public List<LegacyCouponView> legacyOf(String miAccountId, Caller caller) {
        Holding<MiHolder, MiCoupon> holding = holding(miAccountId);
        requireShown(miAccountId, holding, !holding.holder().migrated());
        return legacyViews(miAccountId, holding.rows(), caller.holds(miAccountId));
    }

    /**
     * Both of the above in one answer, for the personal-data export: two statements, as each of the two
     * reads takes (the account's Mi coupons, which also tell which legacy codes were reissued, are read
     * once). A 404 where {@link #miCoupons} is one.
     */
    public PocoData pocoData(String miAccountId, Caller caller) {
        Holding<MiHolder, MiCoupon> holding = holding(miAccountId);
        boolean migrated = holding.holder().migrated();
        requireShown(miAccountId, holding, holding.rows().isEmpty() && !migrated);
        return new PocoData(holding.rows().stream().map(MiCouponView::of).toList(),
                migrated ? legacyViews(miAccountId, holding.rows(), caller.holds(miAccountId)) : List.of());
    }

    private Holding<MiHolder, MiCoupon> holding(String miAccountId) {
        return MiHolder.read(entityManager, MI_COUPONS, "c", MiCoupon.class, miAccountId);
    }

    /** A 404 for an account {@code unknown} here, or erased: its coupons are shown to no one. */
    private static void requireShown(String miAccountId, Holding<MiHolder, ?> holding, boolean unknown) {
        if (unknown || holding.holder().erased()) {
            throw ProblemException.notFound("Mi coupon account", miAccountId);
        }
    }

    /** The POCO coupons of the accounts migrated to {@code miAccountId}, each with its reissue among {@code miCoupons}. */
    private List<LegacyCouponView> legacyViews(String miAccountId, List<MiCoupon> miCoupons, boolean holder) {
        List<PocoCoupon> coupons = entityManager.createQuery("""
                        from PocoCoupon c where c.pocoAccountId in
                            (select m.pocoAccountId from MigratedAccount m where m.miAccountId = :mi)
                        order by c.code""", PocoCoupon.class)
                .setParameter("mi", miAccountId)
                .getResultList();
        Map<String, MiCoupon> reissued = miCoupons.stream().collect(Collectors.toMap(c -> c.legacyCode, c -> c));
        return coupons.stream().map(coupon -> view(coupon, reissued.get(coupon.code), holder)).toList();
    }

    private static LegacyCouponView view(PocoCoupon coupon, MiCoupon reissued, boolean holder) {
        return new LegacyCouponView(coupon.code, coupon.status, coupon.decision != null, coupon.decision,
                coupon.decidedAt, reissued == null ? null : reissued.id, reissued != null && holder ? reissued.code : null);
    }

    /**
     * A POCO code with all its read needs, in one statement (were four: the coupon, its account's Mi
     * account, whether that was erased, the reissue): {@link PocoHolder}'s columns, for the coupon's own
     * account, then the coupon and its Mi coupon if one was issued for it (three probes by key, one by
     * the unique {@code legacy_code}). No row: no such code.
     */
    private static final String LEGACY_CODE = """
            SELECT m.mi_account_id,
                   EXISTS (SELECT FROM erased_account x WHERE x.mi_account_id = m.mi_account_id) AS erased,
                   {c.*}, {r.*}
            FROM poco_coupon c
            LEFT JOIN migrated_account m ON m.poco_account_id = c.poco_account_id
            LEFT JOIN mi_coupon r ON r.legacy_code = c.code
            WHERE c.code = :code""";

    /**
     * What became of a POCO code. A customer who does not hold the coupon's (migrated) account gets
     * the same 404 as for a code that never existed, so guessing codes tells nothing; only the holder
     * sees the new code. An erased account's coupons are a 404 to everyone.
     */
    @SuppressWarnings("unchecked")
    public LegacyCouponView legacy(String code, Caller caller) {
        List<Object[]> found = entityManager.createNativeQuery(LEGACY_CODE)
                .unwrap(NativeQuery.class)
                .addScalar("mi_account_id", String.class)
                .addScalar("erased", Boolean.class)
                .addEntity("c", PocoCoupon.class)
                .addEntity("r", MiCoupon.class)
                .setParameter("code", code)
                .getResultList();
        if (found.isEmpty()) {
            throw ProblemException.notFound("POCO coupon", code);
        }
        Object[] row = found.get(0);
        PocoHolder holder = new PocoHolder((String) row[0], (Boolean) row[1]);
        if (!caller.mayRead(holder.miAccountId()) || holder.erased()) {
            throw ProblemException.notFound("POCO coupon", code); // an erased account's coupons: shown to nobody
        }
        PocoCoupon coupon = (PocoCoupon) row[2];
        MiCoupon reissued = coupon.decision == CouponReissued.Decision.REISSUED ? (MiCoupon) row[3] : null;
        return view(coupon, reissued, caller.holds(holder.miAccountId()));
    }

    /** The counts the database keeps (V3 coupon_totals, migration-steps' migrated_account_totals): 32 rows read. */
    private static final String KEPT_COUNTS = """
            SELECT (SELECT coalesce(sum(accounts), 0) FROM migrated_account_totals) AS accounts,
                   coalesce(sum(legacy_coupons), 0) AS legacy_coupons,
                   coalesce(sum(undecided), 0) AS undecided, coalesce(sum(reissued), 0) AS reissued,
                   coalesce(sum(expired), 0) AS expired, coalesce(sum(redeemed), 0) AS redeemed,
                   coalesce(sum(revoked), 0) AS revoked, coalesce(sum(mi_coupons_redeemed), 0) AS mi_coupons_redeemed
            FROM coupon_totals""";

    /** The same counts taken anew from every row: the audit. */
    private static final String RECOUNTED = """
            SELECT (SELECT count(*) FROM migrated_account) AS accounts, count(*) AS legacy_coupons,
                   count(*) FILTER (WHERE decision IS NULL) AS undecided,
                   count(*) FILTER (WHERE decision = 'REISSUED') AS reissued,
                   count(*) FILTER (WHERE decision = 'EXPIRED') AS expired,
                   count(*) FILTER (WHERE decision = 'REDEEMED') AS redeemed,
                   count(*) FILTER (WHERE decision = 'REVOKED') AS revoked,
                   (SELECT count(*) FROM mi_coupon WHERE status = 'REDEEMED') AS mi_coupons_redeemed
            FROM poco_coupon""";

    /**
     * Every decision so far: from the counts the database keeps as rows are written (the default), or
     * counted anew from every row ({@code audit}), which also checks the kept counts against the recount.
     */
    public ReissueSummary summary(boolean audit) {
        if (!audit) {
            return ReissueSummary.of("totals", counts(KEPT_COUNTS), null);
        }
        // one snapshot for both, so that a migration running meanwhile changes neither
        return QuarkusTransaction.requiringNew().call(() -> {
            entityManager.createNativeQuery("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY").executeUpdate();
            CouponCounts kept = counts(KEPT_COUNTS);
            CouponCounts recounted = counts(RECOUNTED);
            return ReissueSummary.of("audit", recounted, kept.equals(recounted));
        });
    }

    private CouponCounts counts(String sql) {
        return CouponCounts.of((Tuple) entityManager.createNativeQuery(sql, Tuple.class).getSingleResult());
    }
}
