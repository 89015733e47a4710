package com.mi.poco.platform.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

/**
 * One SQL statement for many rows: each {@code ?} is a text array with one element per row, read with
 * {@code unnest} and cast to its column's type, e.g.
 * {@code UPDATE t SET c = r.c FROM unnest(?::text[], ?::uuid[]) AS r(id, c) WHERE t.id = r.id}.
 * PostgreSQL plans and runs it once, where one statement per row cost a plan, an execution and the
 * ORM's work per row.
 */
public record BulkStatement(String sql, int parameters) {

    public BulkStatement(String sql) {
        this(sql, (int) sql.chars().filter(c -> c == '?').count());
    }

    /**
     * Runs the statement once for all {@code rows} (each one value per parameter, in order): each
     * parameter is bound as one text array, an enum as its name, null as null. Answers the rows changed.
     */
    public int execute(Connection connection, List<Object[]> rows) throws SQLException {
        try (PreparedStatement bulk = connection.prepareStatement(sql)) {
            for (int parameter = 0; parameter < parameters; parameter++) {
                String[] column = new String[rows.size()];
                for (int row = 0; row < column.length; row++) {
                    Object value = rows.get(row)[parameter];
                    column[row] = value == null ? null : value instanceof Enum<?> e ? e.name() : value.toString();
                }
                bulk.setArray(parameter + 1, connection.createArrayOf("text", column));
            }
            return bulk.executeUpdate();
        }
    }
}
