package com.mi.poco.steps;

import jakarta.persistence.EntityManager;

/**
 * What a step knows of a POCO account's holder, as an ops read of the account's own rows needs it: the
 * Mi account it was migrated to (null: not migrated here) and whether that Mi account was erased (then
 * the POCO account is shown to no one).
 *
 * <p>As {@link MiHolder}: {@link #SQL} is one row for the POCO account {@code :poco} (two index probes),
 * and a read left-joins its own rows to it and runs as one statement ({@link #read}).
 */
public record PocoHolder(String miAccountId, boolean erased) {

    /** Columns {@code mi_account_id} and {@code erased}. */
    public static final String SQL = """
            SELECT m.mi_account_id,
                   EXISTS (SELECT FROM erased_account x WHERE x.mi_account_id = m.mi_account_id) AS erased
            FROM (VALUES (CAST(:poco AS text))) poco (id)
            LEFT JOIN migrated_account m ON m.poco_account_id = poco.id""";

    /**
     * Runs {@code sql}, which selects {@code holder.*} from {@link #SQL} and then {@code {alias.*}}, the
     * columns of {@code entity} as mapped, left-joined for the POCO account {@code :poco}.
     */
    public static <T> Holding<PocoHolder, T> read(EntityManager entityManager, String sql, String alias,
            Class<T> entity, String pocoAccountId) {
        return Holding.read(entityManager, sql, "poco", pocoAccountId, "mi_account_id", PocoHolder::new, alias, entity);
    }

    public boolean migrated() {
        return miAccountId != null;
    }
}
