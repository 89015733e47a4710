package com.mi.poco.testing;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.arc.Arc;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * Whether statements are index probes whatever a table's size: each is planned by PostgreSQL as a
 * generic plan (the one it would reuse for any parameters) with sequential scans priced out of reach
 * ({@code enable_seqscan = off}), so the plan still holds a {@code Seq Scan} only where no index can
 * serve the statement. A test database is small, so without that the planner would scan anyway.
 */
public final class IndexProbes {

    private static final Pattern SEQ_SCAN = Pattern.compile("\"Node Type\": \"Seq Scan\",\\s*[^}]*?\"Relation Name\": \"([^\"]+)\"");

    private IndexProbes() {
    }

    /**
     * Fails unless some statements were recorded since {@link RecordedStatements#clear} and every
     * one of them is an index probe; the failure names each statement that scans and what it scans.
     * Planned on a connection of the service's own datasource (the test's application).
     */
    public static void assertEveryRecordedReadIsAProbe() throws SQLException {
        DataSource database = Arc.container().instance(DataSource.class).get();
        List<String> reads = RecordedStatements.selects();
        assertFalse(reads.isEmpty(), "no statement was recorded: is IndexProbeProfile active?");
        try (Connection connection = database.getConnection()) {
            List<String> scans = sequentialScans(connection, reads);
            assertTrue(scans.isEmpty(), scans.size() + " of " + reads.size()
                    + " statements scan a table:\n" + String.join("\n", scans));
        }
    }

    /** The statements (as recorded, with {@code ?} parameters) whose plan scans a table, each with the tables it scans. */
    public static List<String> sequentialScans(Connection connection, List<String> statements) throws SQLException {
        List<String> scans = new ArrayList<>();
        try (Statement settings = connection.createStatement()) {
            settings.execute("SET enable_seqscan = off");
            settings.execute("SET plan_cache_mode = force_generic_plan");
        }
        int n = 0;
        for (String sql : statements) {
            String name = "probe_" + n++;
            String numbered = numberParameters(sql);
            int parameters = countParameters(numbered);
            try (Statement statement = connection.createStatement()) {
                statement.execute("PREPARE " + name + " AS " + numbered);
                String execute = "EXECUTE " + name + (parameters == 0 ? ""
                        : "(" + String.join(", ", Collections.nCopies(parameters, "NULL")) + ")");
                StringBuilder plan = new StringBuilder();
                try (ResultSet rows = statement.executeQuery("EXPLAIN (FORMAT JSON) " + execute)) {
                    while (rows.next()) {
                        plan.append(rows.getString(1));
                    }
                }
                Matcher scan = SEQ_SCAN.matcher(plan);
                List<String> tables = new ArrayList<>();
                while (scan.find()) {
                    tables.add(scan.group(1));
                }
                if (!tables.isEmpty()) {
                    scans.add("scans " + tables + ": " + sql);
                }
                statement.execute("DEALLOCATE " + name);
            }
        }
        return scans;
    }

    /** JDBC's {@code ?} parameters as PostgreSQL's {@code $1, $2, …}, leaving quoted text and {@code ?|}-style operators alone. */
    static String numberParameters(String sql) {
        StringBuilder out = new StringBuilder();
        int n = 0;
        boolean quoted = false;
        for (int i = 0; i < sql.length(); i++) {
            char c = sql.charAt(i);
            if (c == '\'') {
                quoted = !quoted;
            }
            if (c == '?' && !quoted) {
                out.append('$').append(++n);
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static int countParameters(String numbered) {
        Matcher parameter = Pattern.compile("\\$(\\d+)").matcher(numbered);
        int max = 0;
        while (parameter.find()) {
            max = Math.max(max, Integer.parseInt(parameter.group(1)));
        }
        return max;
    }
}
