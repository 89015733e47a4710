package com.mi.poco.platform.imports;

import java.util.List;

/** Stores one parsed, validated line inside the import's current transaction. */
public interface LineHandler<T> {

    /** @throws RejectedLine if the line must not be stored (before writing anything) */
    LineOutcome apply(T line);

    /**
     * Called in each transaction before {@link #apply}, with the lines it will apply (a chunk, or one
     * line when a failed chunk is applied again line by line): a handler may load what they refer to
     * in one query instead of one per line.
     */
    default void prefetch(List<T> chunk) {
    }

    /**
     * Called in each transaction after {@link #apply} took its lines: a handler may write what they
     * created in one go, or hand it to the writes at commit. A failure here, or at that commit, fails
     * the transaction's lines as a whole.
     */
    default void finish() {
    }
}
