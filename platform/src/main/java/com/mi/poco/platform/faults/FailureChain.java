package com.mi.poco.platform.faults;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A failure and every failure behind it, each once: its cause, a JDBC exception's next exception (where the
 * driver puts what a batch statement met) and suppressed ones, to the bottom. Hibernate, the transaction
 * manager and the pool each wrap the driver's exception, so what the database said is somewhere down here.
 */
public final class FailureChain {

    private FailureChain() {
    }

    /** {@code failure} first, then what is behind it, depth first. */
    public static List<Throwable> of(Throwable failure) {
        List<Throwable> chain = new ArrayList<>();
        collect(failure, chain, Collections.newSetFromMap(new IdentityHashMap<>()));
        return chain;
    }

    /** The SQLSTATE of the first JDBC exception in the chain that has one. */
    public static Optional<String> sqlState(Throwable failure) {
        return of(failure).stream()
                .filter(SQLException.class::isInstance)
                .map(sql -> ((SQLException) sql).getSQLState())
                .filter(Objects::nonNull)
                .findFirst();
    }

    private static void collect(Throwable failure, List<Throwable> chain, Set<Throwable> seen) {
        if (failure == null || !seen.add(failure)) {
            return;
        }
        chain.add(failure);
        if (failure instanceof SQLException sql) {
            collect(sql.getNextException(), chain, seen);
        }
        for (Throwable suppressed : failure.getSuppressed()) {
            collect(suppressed, chain, seen);
        }
        collect(failure.getCause(), chain, seen);
    }
}
