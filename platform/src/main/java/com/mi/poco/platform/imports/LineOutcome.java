package com.mi.poco.platform.imports;

/** What importing one valid line did. */
public enum LineOutcome {
    /** The record was new and is stored. */
    ACCEPTED,
    /** The same record, with the same content, was already stored: nothing changed. */
    DUPLICATE
}
