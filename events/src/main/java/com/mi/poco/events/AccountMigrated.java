package com.mi.poco.events;

import java.time.Instant;
import java.util.UUID;

/**
 * A legacy POCO account now belongs to a Mi account: its history moved, and the points and coupon
 * steps may start. Carries ids and region only, never personal data.
 */
public record AccountMigrated(
        String pocoAccountId,
        String miAccountId,
        String region,
        Link link,
        UUID migrationId,
        Instant migratedAt) {

    /** How the Mi account was found. */
    public enum Link {
        /** An existing Mi account with the same verified e-mail. */
        LINKED_EXISTING,
        /** A Mi account created for this POCO account. */
        PROVISIONED
    }
}
