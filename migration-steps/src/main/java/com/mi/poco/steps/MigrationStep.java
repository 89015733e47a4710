package com.mi.poco.steps;

import com.mi.poco.events.AccountMigrated;
import java.util.List;

/**
 * A service's step of every account's migration (loyalty-service converts the points, coupon-service
 * reissues the coupons). The service has exactly one; {@link AccountMigratedHandler} hands it the
 * {@code account-migrated} events of each polled batch that were not applied before.
 */
public interface MigrationStep {

    /**
     * Inside the batch's transaction: records the accounts ({@link MigrationSteps#recordFirstMigrations}),
     * applies the step's rule to each account migrating for the first time, writes the outcome and
     * records the step's report event. Throws to refuse the batch (see {@link com.mi.poco.messaging.inbox.BatchHandler}).
     */
    void accountsMigrated(List<AccountMigrated> events);
}
