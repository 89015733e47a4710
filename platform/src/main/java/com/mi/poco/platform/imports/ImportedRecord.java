package com.mi.poco.platform.imports;

/** A stored record of a legacy export, with the fingerprint of the line it came from. */
public interface ImportedRecord {

    String contentHash();
}
