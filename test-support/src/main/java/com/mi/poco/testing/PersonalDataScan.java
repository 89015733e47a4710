package com.mi.poco.testing;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** What erasure tests ask a database: which rows, of any table, still hold a given value. */
public final class PersonalDataScan {

    private PersonalDataScan() {
    }

    /** "table: row" for every row of every table in the public schema whose text contains one of {@code values}. */
    public static List<String> rowsMentioning(Connection connection, String... values) throws SQLException {
        List<String> tables = new ArrayList<>();
        try (ResultSet r = connection.createStatement().executeQuery(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'")) {
            while (r.next()) {
                tables.add(r.getString(1));
            }
        }
        List<String> rows = new ArrayList<>();
        for (String table : tables) {
            for (String value : values) {
                try (PreparedStatement s = connection.prepareStatement(
                        "SELECT t::text FROM \"" + table + "\" t WHERE strpos(t::text, ?) > 0")) {
                    s.setString(1, value);
                    try (ResultSet r = s.executeQuery()) {
                        while (r.next()) {
                            rows.add(table + ": " + r.getString(1));
                        }
                    }
                }
            }
        }
        return rows;
    }
}
