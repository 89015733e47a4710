package com.mi.poco.account;

import com.mi.poco.events.AccountMigrated;
import java.time.Instant;
import java.util.UUID;

/**
 * A POCO account not migrated yet (no Mi account), as the migration reads it: what linking needs and
 * nothing more. A row read, not an entity: the migration's outcome is the {@link AccountMigrated} that
 * {@link #migrateTo} returns, and the migrator writes that whole, to the table and the outbox alike.
 */
public record PendingAccount(String pocoAccountId, String email, boolean emailVerified, String region) {

    /** PENDING → MIGRATED: the account now belongs to {@code mi}. */
    public AccountMigrated migrateTo(MiAccount mi, AccountMigrated.Link how, UUID migration, Instant at) {
        return new AccountMigrated(pocoAccountId, mi.miAccountId, region, how, migration, at);
    }
}
