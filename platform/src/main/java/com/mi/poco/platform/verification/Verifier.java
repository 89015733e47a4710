package com.mi.poco.platform.verification;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;
import jakarta.persistence.Tuple;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs a service's part of the cross-service migration verification: each check is a query for the
 * POCO accounts that fail it, and all of them, with the digest of the accounts the service holds as
 * migrated, read in one REPEATABLE READ, read-only transaction, so the answer is one consistent
 * snapshot even while the migration goes on.
 */
@ApplicationScoped
public class Verifier {

    /**
     * One rule: {@code failing} selects one column, {@code poco_account_id}, of every account that
     * breaks it; named parameters are bound from the verification's parameters where they appear.
     */
    public record Check(String name, String rule, String failing) {
    }

    public record Result(String rule, long failing, List<String> accounts) {
    }

    /**
     * {@code digest} is a count and an order-free hash of every (POCO account, Mi account) pair the
     * service holds as migrated: services that hold the same pairs have the same digest.
     */
    public record Verification(String service, long migrated, Map<String, Result> checks, Digest digest) {
    }

    public record Digest(long accounts, long hash) {
    }

    private final EntityManager entityManager;

    public Verifier(EntityManager entityManager) {
        this.entityManager = entityManager;
    }

    /**
     * @param migratedPairs selects {@code poco_account_id, mi_account_id} of every account the service
     *                      holds as migrated (within {@code parameters}' migration, where it applies)
     */
    public Verification verify(String service, String migratedPairs, List<Check> checks, Map<String, Object> parameters,
            int listed) {
        return QuarkusTransaction.requiringNew().call(() -> {
            entityManager.createNativeQuery("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY").executeUpdate();
            Tuple held = (Tuple) bind(entityManager.createNativeQuery("""
                    SELECT count(*) AS accounts,
                           coalesce(sum(hashtext(p.poco_account_id || '>' || p.mi_account_id)::bigint), 0) AS pairs
                    FROM (%s) p""".formatted(migratedPairs), Tuple.class), migratedPairs, parameters).getSingleResult();
            Map<String, Result> results = new LinkedHashMap<>();
            for (Check check : checks) {
                String sql = """
                        SELECT f.poco_account_id, count(*) OVER () AS failing FROM (%s) f
                        ORDER BY f.poco_account_id LIMIT :listed""".formatted(check.failing());
                Query query = bind(entityManager.createNativeQuery(sql, Tuple.class), check.failing(), parameters)
                        .setParameter("listed", listed);
                List<String> accounts = new ArrayList<>();
                long failing = 0;
                for (Object result : query.getResultList()) {
                    Tuple row = (Tuple) result;
                    accounts.add(row.get("poco_account_id", String.class));
                    failing = row.get("failing", Number.class).longValue();
                }
                results.put(check.name(), new Result(check.rule(), failing, accounts));
            }
            long migrated = held.get("accounts", Number.class).longValue();
            return new Verification(service, migrated, results, new Digest(migrated, held.get("pairs", Number.class).longValue()));
        });
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
