package com.mi.poco.platform.verification;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;
import jakarta.persistence.Tuple;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Runs a service's part of the cross-service migration verification, in one REPEATABLE READ, read-only
 * transaction, so the answer is one consistent snapshot even while the migration goes on.
 *
 * <p>Each check is answered without reading every migrated account: from a total the database keeps in
 * the transactions that change the rows ({@link Kept.Total}), or by a constraint that makes breaking
 * the rule impossible while it is in place ({@link Kept.HeldBy}, asked of the catalog; if it is gone,
 * the check is recounted). Only a check that fails reads rows, to name a few of the accounts. The
 * audit ({@code audit = true}) recounts every check and the digest from the rows, as the verification
 * did before the totals were kept, and reports the kept figures next to the recount: where they
 * differ, the totals drifted, which is itself a failure.
 */
@ApplicationScoped
public class Verifier {

    /** The most failing accounts a verification names per check ({@code listed}). */
    public static final int MAX_LISTED = 1000;

    /**
     * One rule: {@code failing} selects a {@code poco_account_id} for every row that breaks it (one per
     * account, or one per record where the rule is about records); named parameters are bound from the
     * verification's parameters where they appear. {@code kept} answers how many without reading them.
     */
    public record Check(String name, String rule, String failing, Kept kept) {
    }

    /** How a check is answered without a recount. */
    public sealed interface Kept {

        /** A query for one number, the failing rows, from totals kept by the database. */
        record Total(String sql) implements Kept {
        }

        /** A constraint or unique index that no row can break while it is in place and valid. */
        record HeldBy(String constraint) implements Kept {
        }
    }

    /**
     * A service's part: {@code migratedPairs} selects {@code poco_account_id, mi_account_id} of every
     * account the service holds as migrated, for the audit's digest; {@code keptDigest} selects the same
     * digest's {@code accounts} and {@code pairs} from kept totals.
     */
    public record Part(String service, String migratedPairs, String keptDigest, List<Check> checks) {
    }

    /**
     * @param answeredBy "kept totals", "constraint NAME" or "recount"
     * @param kept       in an audit, what the kept totals say (null otherwise, or for a check held by a constraint)
     */
    public record Result(String rule, long failing, List<String> accounts, String answeredBy, Long kept) {
    }

    /**
     * {@code digest} is a count and an order-free hash of every (POCO account, Mi account) pair the
     * service holds as migrated: services that hold the same pairs have the same digest. In an audit,
     * {@code keptDigest} is the kept totals' digest, and {@code totalsMatchRecount} says whether it and
     * every check's kept total equal the recount (as the reconciliation's audit says it); null otherwise.
     */
    public record Verification(String service, boolean audit, long migrated, Map<String, Result> checks, Digest digest,
            Digest keptDigest, Boolean totalsMatchRecount) {

        static Verification of(String service, long migrated, Map<String, Result> checks, Digest digest) {
            return new Verification(service, false, migrated, checks, digest, null, null);
        }

        static Verification audit(String service, Map<String, Result> checks, Digest recounted, Digest kept) {
            boolean match = kept.equals(recounted)
                    && checks.values().stream().allMatch(r -> r.kept() == null || r.kept() == r.failing());
            return new Verification(service, true, recounted.accounts(), checks, recounted, kept, match);
        }
    }

    public record Digest(long accounts, long hash) {
    }

    private static final String KEPT_TOTALS = "kept totals";
    private static final String RECOUNT = "recount";

    private final EntityManager entityManager;

    public Verifier(EntityManager entityManager) {
        this.entityManager = entityManager;
    }

    public Verification verify(Part part, Map<String, Object> parameters, int listed, boolean audit) {
        return QuarkusTransaction.requiringNew().call(() -> {
            entityManager.createNativeQuery("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY").executeUpdate();
            Digest kept = digest(part.keptDigest(), parameters);
            Digest digest = audit ? digest("""
                    SELECT count(*) AS accounts,
                           coalesce(sum(hashtext(p.poco_account_id || '>' || p.mi_account_id)::bigint), 0) AS pairs
                    FROM (%s) p""".formatted(part.migratedPairs()), parameters) : kept;
            Map<String, Result> results = new LinkedHashMap<>();
            for (Check check : part.checks()) {
                results.put(check.name(), audit ? recount(check, parameters, listed) : answer(check, parameters, listed));
            }
            return audit ? Verification.audit(part.service(), results, digest, kept)
                    : Verification.of(part.service(), digest.accounts(), results, digest);
        });
    }

    private Result answer(Check check, Map<String, Object> parameters, int listed) {
        if (check.kept() instanceof Kept.Total total) {
            long failing = number(total.sql(), parameters);
            return new Result(check.rule(), failing, failing == 0 ? List.of() : some(check, parameters, listed), KEPT_TOTALS,
                    null);
        }
        String constraint = ((Kept.HeldBy) check.kept()).constraint();
        return holds(constraint) ? new Result(check.rule(), 0, List.of(), "constraint " + constraint, null)
                : recount(check, parameters, listed);
    }

    /** The failing rows counted one by one, and the first accounts among them in id order. */
    private Result recount(Check check, Map<String, Object> parameters, int listed) {
        Query query = bind(entityManager.createNativeQuery("""
                SELECT f.poco_account_id, count(*) OVER () AS failing FROM (%s) f
                ORDER BY f.poco_account_id LIMIT :listed""".formatted(check.failing()), Tuple.class), check.failing(),
                parameters).setParameter("listed", listed);
        TreeSet<String> accounts = new TreeSet<>();
        long failing = 0;
        for (Object result : query.getResultList()) {
            Tuple row = (Tuple) result;
            accounts.add(row.get("poco_account_id", String.class));
            failing = row.get("failing", Number.class).longValue();
        }
        Long kept = check.kept() instanceof Kept.Total total ? number(total.sql(), parameters) : null;
        return new Result(check.rule(), failing, List.copyOf(accounts), RECOUNT, kept);
    }

    /**
     * A few of the accounts failing a check, in id order: the first the query comes upon, which it finds
     * without reading further once it has them (a check fails while a migration is under way, for many
     * accounts, or after a fault, for few; the audit lists the first by id).
     */
    private List<String> some(Check check, Map<String, Object> parameters, int listed) {
        if (listed == 0) {
            return List.of();
        }
        TreeSet<String> accounts = new TreeSet<>();
        for (Object id : bind(entityManager.createNativeQuery("SELECT f.poco_account_id FROM (%s) f LIMIT :listed"
                .formatted(check.failing())), check.failing(), parameters).setParameter("listed", listed).getResultList()) {
            accounts.add((String) id);
        }
        return List.copyOf(accounts);
    }

    private boolean holds(String constraint) {
        return (Boolean) entityManager.createNativeQuery("""
                SELECT EXISTS (SELECT 1 FROM pg_constraint WHERE conname = ?1 AND convalidated)
                    OR EXISTS (SELECT 1 FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
                               WHERE c.relname = ?1 AND i.indisunique AND i.indisvalid)""")
                .setParameter(1, constraint).getSingleResult();
    }

    private Digest digest(String sql, Map<String, Object> parameters) {
        Tuple held = (Tuple) bind(entityManager.createNativeQuery(sql, Tuple.class), sql, parameters).getSingleResult();
        return new Digest(held.get("accounts", Number.class).longValue(), held.get("pairs", Number.class).longValue());
    }

    private long number(String sql, Map<String, Object> parameters) {
        return ((Number) bind(entityManager.createNativeQuery(sql), sql, parameters).getSingleResult()).longValue();
    }

    private static Query bind(Query query, String sql, Map<String, Object> parameters) {
        parameters.forEach((name, value) -> {
            if (sql.contains(":" + name)) {
                query.setParameter(name, value);
            }
        });
        return query;
    }
}
