package com.mi.poco.account;

/** Where one POCO account's migration stands. */
public enum MigrationState {
    /** Imported, not migrated yet. */
    PENDING,
    /** Linked to its Mi account and {@code account-migrated} recorded for publication. */
    MIGRATED,
    /** Both the points step and the coupons step reported done. */
    COMPLETED
}
