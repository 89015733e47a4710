package com.mi.poco.platform.imports;

/** Stores one parsed, validated line inside the import's current transaction. */
@FunctionalInterface
public interface LineHandler<T> {

    /** @throws RejectedLine if the line must not be stored (before writing anything) */
    LineOutcome apply(T line);
}
