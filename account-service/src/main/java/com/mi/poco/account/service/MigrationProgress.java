package com.mi.poco.account.service;

import com.mi.poco.account.BulkMigration;
import com.mi.poco.account.MigrationState;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A bulk migration as a client follows it: how many of its accounts are in each state. While it
 * runs, PENDING is what it has still to migrate; once finished, {@code total} is what it migrated.
 */
public record MigrationProgress(
        UUID id,
        BulkMigration.Status status,
        BulkMigration.Selector selector,
        String region,
        Instant requestedAt,
        Instant finishedAt,
        long total,
        Map<MigrationState, Long> accounts,
        long alreadyMigrated,
        long unknownAccountIds,
        List<String> unknownAccountIdsListed) {
}
