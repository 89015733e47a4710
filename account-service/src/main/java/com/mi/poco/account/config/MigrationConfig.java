package com.mi.poco.account.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

@ConfigMapping(prefix = "migration")
public interface MigrationConfig {

    /** Accounts migrated per transaction. */
    @WithDefault("500")
    int batchSize();

    /** How long a worker holds a migration without renewing; after that another instance resumes it. */
    @WithDefault("30s")
    Duration lease();

    /** Most account ids one request may name. */
    @WithDefault("10000")
    int maxAccountIds();

    /** Unknown ids listed on a migration; the count is complete. */
    @WithDefault("100")
    int maxUnknownIdsListed();

    /** Attempts at one batch that keeps failing (a concurrent provisioning of the same e-mail). */
    @WithDefault("3")
    int batchAttempts();
}
