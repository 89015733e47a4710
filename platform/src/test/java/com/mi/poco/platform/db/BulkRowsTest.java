package com.mi.poco.platform.db;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** One declaration of a table's columns makes both the statement and each record's values, in the same order. */
class BulkRowsTest {

    private record Credit(String id, long delta, String account) {
    }

    @Test
    void anInsertNamesEachColumnOnceWithItsArrayAndItsValue() {
        BulkRows<Credit> insert = BulkRows.<Credit>insertInto("credit")
                .column("id", "uuid", Credit::id)
                .column("delta", "bigint", Credit::delta)
                .column("account", "text", Credit::account)
                .build();

        assertEquals("INSERT INTO credit (id, delta, account) SELECT * FROM unnest(?::uuid[], ?::bigint[], ?::text[])",
                insert.statement().sql());
        assertEquals(3, insert.statement().parameters());
        assertArrayEquals(new Object[] {"c1", 5L, "M1"}, insert.row(new Credit("c1", 5, "M1")));
    }

    @Test
    void aComputedColumnIsSelectedAfterTheArraysAndTakesNoValue() {
        BulkRows<Credit> insert = BulkRows.<Credit>insertInto("credit")
                .column("id", "uuid", Credit::id)
                .computed("created_at", "clock_timestamp()")
                .build();

        assertEquals("INSERT INTO credit (id, created_at) SELECT *, clock_timestamp() FROM unnest(?::uuid[])",
                insert.statement().sql());
        assertArrayEquals(new Object[] {"c1"}, insert.row(new Credit("c1", 5, "M1")));
    }

    @Test
    void anUpdateFindsRowsByItsKeyAndSetsTheOtherColumns() {
        BulkRows<Credit> update = BulkRows.<Credit>update("credit", "id")
                .column("id", "uuid", Credit::id)
                .column("delta", "bigint", Credit::delta)
                .computed("state", "'SETTLED'")
                .build();

        assertEquals("UPDATE credit t SET delta = r.delta, state = 'SETTLED' FROM unnest(?::uuid[], ?::bigint[])"
                + " AS r(id, delta) WHERE t.id = r.id", update.statement().sql());
        assertArrayEquals(new Object[] {"c1", 5L}, update.row(new Credit("c1", 5, "M1")));
    }

    @Test
    void anUpdatesFirstColumnMustBeItsKey() {
        assertThrows(IllegalArgumentException.class,
                () -> BulkRows.<Credit>update("credit", "id").column("delta", "bigint", Credit::delta));
    }
}
