package com.mi.poco.platform.faults;

import java.net.ConnectException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.sql.SQLException;
import java.sql.SQLTransientException;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.common.errors.RetriableException;

/**
 * Tells a failure that passes by itself (a dependency down, busy or briefly in conflict) from one
 * that the same work will meet again, whatever the wait. Only the first is retried: a transient
 * failure never sends an event to a dead-letter topic and never rejects an import line.
 *
 * <p>Transient, wherever it sits in the cause chain:
 * <ul>
 * <li>PostgreSQL SQLSTATE classes 08 (connection), 53 (out of resources), 57P (shutting down, cannot
 * connect now, terminated by an operator), 40001 (serialization failure), 40P01 (deadlock), 55P03
 * (lock not available), 57014 (statement timeout), and 55000 for a database that is not accepting
 * connections ({@code ALLOW_CONNECTIONS false}, as during a fail-over);</li>
 * <li>a connection pool that could not hand out a connection in time;</li>
 * <li>Kafka's retriable errors (broker unavailable, not leader, request timed out);</li>
 * <li>refused, reset or timed-out sockets, and time-outs.</li>
 * </ul>
 * Everything else (a constraint the data breaks, a malformed event, a bug) is not transient.
 */
public final class TransientFailures {

    private static final Set<String> TRANSIENT_STATES = Set.of("40001", "40P01", "55P03", "55000", "57014");
    private static final Set<String> TRANSIENT_CLASSES = Set.of("08", "53", "57P");

    private TransientFailures() {
    }

    public static boolean isTransient(Throwable failure) {
        return FailureChain.of(failure).stream().anyMatch(TransientFailures::itself);
    }

    private static boolean itself(Throwable failure) {
        if (failure instanceof SQLException sql) {
            return sqlState(sql);
        }
        return failure instanceof RetriableException
                || failure instanceof ConnectException
                || failure instanceof SocketTimeoutException
                || failure instanceof SocketException
                || failure instanceof TimeoutException
                || failure instanceof jakarta.persistence.LockTimeoutException
                || failure instanceof jakarta.persistence.QueryTimeoutException
                || failure instanceof org.hibernate.exception.JDBCConnectionException
                || failure instanceof org.hibernate.exception.LockAcquisitionException;
    }

    private static boolean sqlState(SQLException sql) {
        String state = sql.getSQLState();
        if (state == null) {
            // Agroal's "acquisition timeout" (pool exhausted) and a closed pooled connection carry no state
            return sql instanceof SQLTransientException || message(sql).contains("acquisition timeout")
                    || message(sql).contains("connection has been closed");
        }
        return TRANSIENT_STATES.contains(state)
                || TRANSIENT_CLASSES.stream().anyMatch(state::startsWith);
    }

    private static String message(Throwable failure) {
        return failure.getMessage() == null ? "" : failure.getMessage().toLowerCase(java.util.Locale.ROOT);
    }

    /** The innermost cause's class and message, for logs and health reports. */
    public static String describe(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }
}
