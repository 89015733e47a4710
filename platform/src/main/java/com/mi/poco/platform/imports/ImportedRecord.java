package com.mi.poco.platform.imports;

/** A stored record of a legacy export, with the fingerprint of the line it came from. */
public interface ImportedRecord {

    /**
     * The content hash of a record whose personal data was erased on request: it stays as a tombstone
     * of its id, and the same id is never imported again.
     */
    String ERASED = "erased";

    String contentHash();
}
