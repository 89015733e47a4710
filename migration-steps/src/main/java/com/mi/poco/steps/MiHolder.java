package com.mi.poco.steps;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.persistence.EntityManager;
import java.util.List;

/**
 * What a step knows of a Mi account's holder, as a read of its own rows needs it: the POCO accounts
 * migrated to it (none: not migrated here) and whether it was erased (then shown to no one).
 *
 * <p>A customer's read is one statement ({@link #read}): {@link #SQL} first, one row for the Mi account
 * {@code :mi} (two index probes), and the read's own rows left-joined to it, so that the row is there
 * even without them. One round trip where three had been (two thirds of a service's time for such a
 * read), and one snapshot, where each statement could have seen another moment.
 */
public record MiHolder(List<String> pocoAccountIds, boolean erased) {

    /**
     * Columns {@code poco_account_ids} (a JSON array of strings, in order) and {@code erased}. The ids
     * come as JSON text, not a SQL array: Hibernate has no type registered for a {@code text[]} result
     * and tried to register one on every read, failing with an exception each time (6% of a read's CPU).
     */
    public static final String SQL = """
            SELECT to_json(ARRAY(SELECT poco_account_id FROM migrated_account WHERE mi_account_id = :mi
                                 ORDER BY poco_account_id))::text AS poco_account_ids,
                   EXISTS (SELECT FROM erased_account WHERE mi_account_id = :mi) AS erased""";

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * Runs {@code sql}, which selects {@code holder.*} from {@link #SQL} and then {@code {alias.*}}, the
     * columns of {@code entity} as mapped, left-joined for the Mi account {@code :mi}.
     */
    public static <T> Holding<MiHolder, T> read(EntityManager entityManager, String sql, String alias, Class<T> entity,
            String miAccountId) {
        return Holding.read(entityManager, sql, "mi", miAccountId, "poco_account_ids",
                (ids, erased) -> new MiHolder(pocoAccountIds(ids), erased), alias, entity);
    }

    private static List<String> pocoAccountIds(String json) {
        try {
            return List.of(JSON.readValue(json, String[].class));
        } catch (JsonProcessingException notAnArray) {
            throw new IllegalStateException("poco_account_ids is not a JSON array of strings", notAnArray);
        }
    }

    public boolean migrated() {
        return !pocoAccountIds.isEmpty();
    }
}
