package com.mi.poco.platform.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The statements {@link BulkRows} generates, run by {@link BulkStatement#execute} against the machine's
 * PostgreSQL (127.0.0.1:5432, user postgres, as every test here): each type survives its text array,
 * whatever the text holds, and an update touches its key's rows only. A temporary table, gone with the
 * connection.
 */
class BulkRowsDatabaseTest {

    private enum State { PENDING, MIGRATED }

    private record Credit(UUID id, String account, long delta, BigDecimal rate, boolean late, Instant at, State state) {
    }

    private static final BulkRows<Credit> INSERT = BulkRows.<Credit>insertInto("credit")
            .column("id", "uuid", Credit::id)
            .column("account", "text", Credit::account)
            .column("delta", "bigint", Credit::delta)
            .column("rate", "numeric", Credit::rate)
            .column("late", "boolean", Credit::late)
            .column("at", "timestamptz", Credit::at)
            .column("state", "text", Credit::state)
            .build();

    private record Settled(UUID id, State state) {
    }

    private static final BulkRows<Settled> SETTLE = BulkRows.<Settled>update("credit", "id")
            .column("id", "uuid", Settled::id)
            .column("state", "text", Settled::state)
            .computed("settled_at", "clock_timestamp()")
            .build();

    private Connection connection;

    @BeforeEach
    void connect() throws SQLException {
        connection = DriverManager.getConnection(System.getProperty("test.postgres.url",
                "jdbc:postgresql://127.0.0.1:5432/postgres"), "postgres", "");
        try (Statement statement = connection.createStatement()) {
            statement.execute("""
                    CREATE TEMPORARY TABLE credit (id uuid PRIMARY KEY, account text, delta bigint NOT NULL,
                    rate numeric, late boolean NOT NULL, at timestamptz, state text NOT NULL, settled_at timestamptz)""");
        }
    }

    @AfterEach
    void close() throws SQLException {
        connection.close();
    }

    @Test
    void everyTypeAndAnyTextSurvivesTheArrays() throws SQLException {
        String hostile = "a,b \"quoted\" {braces} back\\slash NULL 'single' \n newline é 中";
        Instant at = Instant.parse("2024-05-01T09:30:00.123456Z");
        Credit first = new Credit(UUID.randomUUID(), hostile, -42, new BigDecimal("0.0125"), true, at, State.PENDING);
        Credit nulls = new Credit(UUID.randomUUID(), null, Long.MAX_VALUE, null, false, null, State.MIGRATED);

        assertEquals(2, INSERT.statement().execute(connection, List.of(INSERT.row(first), INSERT.row(nulls))));

        try (Statement statement = connection.createStatement();
                ResultSet row = statement.executeQuery("SELECT * FROM credit ORDER BY delta")) {
            row.next();
            assertEquals(first.id(), row.getObject("id"));
            assertEquals(hostile, row.getString("account"));
            assertEquals(-42, row.getLong("delta"));
            assertEquals(0, new BigDecimal("0.0125").compareTo(row.getBigDecimal("rate")));
            assertEquals(true, row.getBoolean("late"));
            assertEquals(at, row.getTimestamp("at").toInstant());
            assertEquals("PENDING", row.getString("state"));
            row.next();
            assertNull(row.getString("account"));
            assertEquals(Long.MAX_VALUE, row.getLong("delta"));
            assertNull(row.getBigDecimal("rate"));
            assertNull(row.getTimestamp("at"));
            assertEquals("MIGRATED", row.getString("state"));
        }
    }

    @Test
    void anUpdateChangesTheRowsOfItsKeysOnly() throws SQLException {
        Instant at = Instant.parse("2024-05-01T09:30:00Z");
        List<Credit> credits = List.of(
                new Credit(UUID.randomUUID(), "P1", 10, BigDecimal.ONE, false, at, State.PENDING),
                new Credit(UUID.randomUUID(), "P2", 20, BigDecimal.ONE, false, at, State.PENDING),
                new Credit(UUID.randomUUID(), "P3", 30, BigDecimal.ONE, false, at, State.PENDING));
        INSERT.statement().execute(connection, credits.stream().map(INSERT::row).toList());

        int changed = SETTLE.statement().execute(connection, List.of(
                SETTLE.row(new Settled(credits.get(0).id(), State.MIGRATED)),
                SETTLE.row(new Settled(credits.get(2).id(), State.MIGRATED)),
                SETTLE.row(new Settled(UUID.randomUUID(), State.MIGRATED))));

        assertEquals(2, changed);
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("""
                        SELECT string_agg(account || '=' || state || '/' || (settled_at IS NOT NULL), ' ' ORDER BY account)
                        FROM credit""")) {
            rows.next();
            assertEquals("P1=MIGRATED/true P2=PENDING/false P3=MIGRATED/true", rows.getString(1));
        }
    }
}
