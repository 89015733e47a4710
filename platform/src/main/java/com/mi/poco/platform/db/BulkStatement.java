package com.mi.poco.platform.db;

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
}
