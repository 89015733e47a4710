package com.mi.poco.platform.db;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * A table's bulk write, declared once: each column with its SQL type and how to read it from the record
 * written. From that one declaration come the statement (a {@link BulkStatement} over {@code unnest}
 * of one array per column) and each record's values in the statement's order, so a column cannot be
 * named in one place and forgotten in another. For example:
 * <pre>
 * static final BulkRows&lt;Credit&gt; INSERT = BulkRows.&lt;Credit&gt;insertInto("mi_points_entry")
 *         .column("id", "uuid", c -&gt; c.id)
 *         .column("delta", "bigint", c -&gt; c.delta)
 *         .build();
 * // INSERT INTO mi_points_entry (id, delta) SELECT * FROM unnest(?::uuid[], ?::bigint[])
 * </pre>
 * An update names its key column first: {@code UPDATE t SET a = r.a … FROM unnest(…) AS r(key, a, …)
 * WHERE t.key = r.key}.
 */
public final class BulkRows<R> {

    private final BulkStatement statement;
    private final List<Function<R, ?>> values;

    private BulkRows(BulkStatement statement, List<Function<R, ?>> values) {
        this.statement = statement;
        this.values = values;
    }

    /** A bulk insert into {@code table}. */
    public static <R> Declaration<R> insertInto(String table) {
        return new Declaration<>(table, null);
    }

    /** A bulk update of {@code table}'s rows found by {@code keyColumn}, which is declared as the first column. */
    public static <R> Declaration<R> update(String table, String keyColumn) {
        return new Declaration<>(table, keyColumn);
    }

    public BulkStatement statement() {
        return statement;
    }

    /** The record's values, one per column, in the statement's order. */
    public Object[] row(R record) {
        Object[] row = new Object[values.size()];
        for (int i = 0; i < row.length; i++) {
            row[i] = values.get(i).apply(record);
        }
        return row;
    }

    /** The columns of a bulk write, in order. */
    public static final class Declaration<R> {

        private final String table;
        private final String key;
        private final List<String> names = new ArrayList<>();
        private final List<String> types = new ArrayList<>();
        private final List<Function<R, ?>> values = new ArrayList<>();
        /** Columns set to an SQL expression rather than a value of the record, e.g. {@code clock_timestamp()}. */
        private final List<String> computedNames = new ArrayList<>();
        private final List<String> computedExpressions = new ArrayList<>();

        private Declaration(String table, String key) {
            this.table = table;
            this.key = key;
        }

        /** A column: its name, its SQL type (the array's element type), and its value in a record. */
        public Declaration<R> column(String name, String type, Function<R, ?> value) {
            if (names.isEmpty() && key != null && !key.equals(name)) {
                throw new IllegalArgumentException("the first column of an update is its key, " + key);
            }
            names.add(name);
            types.add(type);
            values.add(value);
            return this;
        }

        /** A column every row gets the same SQL expression for (the database's clock, a state). */
        public Declaration<R> computed(String name, String expression) {
            computedNames.add(name);
            computedExpressions.add(expression);
            return this;
        }

        public BulkRows<R> build() {
            String arrays = types.stream().map(type -> "?::" + type + "[]").collect(Collectors.joining(", "));
            String sql;
            if (key == null) {
                List<String> columns = new ArrayList<>(names);
                columns.addAll(computedNames);
                List<String> selected = new ArrayList<>(List.of("*"));
                selected.addAll(computedExpressions);
                sql = "INSERT INTO " + table + " (" + String.join(", ", columns) + ") SELECT "
                        + String.join(", ", selected) + " FROM unnest(" + arrays + ")";
            } else {
                List<String> assignments = new ArrayList<>();
                names.stream().skip(1).forEach(name -> assignments.add(name + " = r." + name));
                for (int i = 0; i < computedNames.size(); i++) {
                    assignments.add(computedNames.get(i) + " = " + computedExpressions.get(i));
                }
                sql = "UPDATE " + table + " t SET " + String.join(", ", assignments) + " FROM unnest(" + arrays
                        + ") AS r(" + String.join(", ", names) + ") WHERE t." + key + " = r." + key;
            }
            return new BulkRows<>(new BulkStatement(sql), List.copyOf(values));
        }
    }
}
