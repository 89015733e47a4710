package com.mi.poco.platform.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.ConnectException;
import java.sql.SQLException;
import org.apache.kafka.common.errors.NetworkException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which failures are waited out and which are poison, by SQLSTATE and by kind, wherever they are in the chain. */
class TransientFailuresTest {

    @ParameterizedTest(name = "SQLSTATE {0} is transient: {1}")
    @CsvSource({
        "08006, true",   // connection failure (an I/O error, the server gone)
        "08001, true",   // cannot connect
        "57P01, true",   // terminated by an operator (pg_terminate_backend)
        "57P03, true",   // cannot connect now (starting up)
        "55000, true",   // database not accepting connections (ALLOW_CONNECTIONS false)
        "53300, true",   // too many connections
        "40001, true",   // serialization failure
        "40P01, true",   // deadlock
        "57014, true",   // statement timeout
        "23505, false",  // unique violation: the data itself
        "23503, false",  // foreign key violation
        "22001, false",  // value too long
        "42P01, false",  // undefined table: a bug, not a blink
    })
    void bySqlState(String state, boolean expected) {
        SQLException sql = new SQLException("from the server", state);
        assertEquals(expected, TransientFailures.isTransient(sql));
        assertEquals(expected, TransientFailures.isTransient(new RuntimeException("wrapped", new IllegalStateException(sql))));
    }

    @ParameterizedTest(name = "{0} is transient: {1}")
    @CsvSource({
        "connect, true",
        "kafka-network, true",
        "pool-timeout, true",
        "suppressed, true",
        "record-too-large, false",
        "poison, false",
        "bug, false",
    })
    void byKind(String kind, boolean expected) {
        Throwable failure = switch (kind) {
            case "connect" -> new ConnectException("Connection refused");
            case "kafka-network" -> new NetworkException("broker gone");
            case "pool-timeout" -> new SQLException("Sorry, acquisition timeout!");
            case "suppressed" -> {
                RuntimeException rollback = new RuntimeException("rolled back");
                rollback.addSuppressed(new SQLException("I/O error", "08006"));
                yield rollback;
            }
            case "record-too-large" -> new RecordTooLargeException("2 MB");
            case "poison" -> new IllegalArgumentException("not JSON"); // what a handler throws for a malformed event
            default -> new NullPointerException();
        };
        assertEquals(expected, TransientFailures.isTransient(failure));
    }
}
