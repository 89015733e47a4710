package com.mi.poco.steps;

import jakarta.persistence.EntityManager;
import java.util.List;
import java.util.Objects;
import java.util.function.BiFunction;
import org.hibernate.query.NativeQuery;

/**
 * What a holder's read found ({@link MiHolder}, {@link PocoHolder}): the holder, and the rows of the read
 * that are its own, in the read's order (none where the holder has none).
 */
public record Holding<H, T>(H holder, List<T> rows) {

    /**
     * Runs {@code sql}: the holder's columns ({@code column}, text, and {@code erased}) on every row, then
     * {@code {alias.*}}, the columns of {@code entity} as mapped (so they are said once, in the entity),
     * left-joined to them; {@code parameter} is bound to {@code value}.
     */
    @SuppressWarnings("unchecked")
    static <H, T> Holding<H, T> read(EntityManager entityManager, String sql, String parameter, String value,
            String column, BiFunction<String, Boolean, H> holder, String alias, Class<T> entity) {
        List<Object[]> rows = entityManager.createNativeQuery(sql)
                .unwrap(NativeQuery.class)
                .addScalar(column, String.class)
                .addScalar("erased", Boolean.class)
                .addEntity(alias, entity)
                .setParameter(parameter, value)
                .getResultList();
        Object[] first = rows.get(0); // the holder's row is there, with or without rows of its own
        return new Holding<>(holder.apply((String) first[0], (Boolean) first[1]),
                rows.stream().map(row -> (T) row[2]).filter(Objects::nonNull).toList());
    }
}
