package com.mi.poco.steps;

import com.mi.poco.events.AccountMigrated;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * A POCO account account-service has migrated, as a consuming step of the migration (points,
 * coupons) records it from {@code account-migrated}: whose Mi account receives what the step makes.
 */
@Entity
@Table(name = "migrated_account")
public class MigratedAccount extends PanacheEntityBase {

    @Id
    @Column(name = "poco_account_id")
    public String pocoAccountId;

    @Column(name = "mi_account_id")
    public String miAccountId;

    public String region;

    @Column(name = "migrated_at")
    public Instant migratedAt;

    /** The account as {@code account-migrated} announces it (new, not persisted). */
    public static MigratedAccount of(AccountMigrated event) {
        MigratedAccount account = new MigratedAccount();
        account.pocoAccountId = event.pocoAccountId();
        account.miAccountId = event.miAccountId();
        account.region = event.region();
        account.migratedAt = event.migratedAt();
        return account;
    }
}
