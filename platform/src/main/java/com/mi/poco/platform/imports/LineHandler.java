package com.mi.poco.platform.imports;

import java.util.List;

/** Stores one parsed, validated line inside the import's current transaction. */
public interface LineHandler<T> {

    /** @throws RejectedLine if the line must not be stored (before writing anything) */
    LineOutcome apply(T line);

    /**
     * Called once per chunk, in its transaction, before {@link #apply}: a handler may load what the
     * chunk's lines refer to in one query instead of one per line.
     */
    default void prefetch(List<T> chunk) {
    }
}
