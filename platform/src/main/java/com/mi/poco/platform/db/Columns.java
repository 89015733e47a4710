package com.mi.poco.platform.db;

import java.time.Instant;
import java.time.OffsetDateTime;

/** Reading a native query's columns, whatever JDBC type the driver hands a value as. */
public final class Columns {

    private Columns() {
    }

    /** A {@code timestamptz} column: an OffsetDateTime, an Instant or a Timestamp, depending on the driver's mapping; null stays null. */
    public static Instant instant(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof Instant instant) {
            return instant;
        }
        if (value instanceof OffsetDateTime offset) {
            return offset.toInstant();
        }
        return ((java.sql.Timestamp) value).toInstant();
    }
}
