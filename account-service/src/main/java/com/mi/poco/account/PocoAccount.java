package com.mi.poco.account;

import com.mi.poco.events.AccountMigrated;
import com.mi.poco.platform.db.BulkRows;
import com.mi.poco.platform.imports.ImportedRecord;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/** A legacy POCO account as imported, and where its migration to a Mi account stands. */
@Entity
@Table(name = "poco_account")
public class PocoAccount extends PanacheEntityBase implements ImportedRecord {

    /** What an import inserts, in bulk. */
    public static final BulkRows<PocoAccount> INSERT = BulkRows.<PocoAccount>insertInto("poco_account")
            .column("poco_account_id", "text", r -> r.pocoAccountId)
            .column("email", "text", r -> r.email)
            .column("email_verified", "boolean", r -> r.emailVerified)
            .column("name", "text", r -> r.name)
            .column("phone", "text", r -> r.phone)
            .column("region", "text", r -> r.region)
            .column("created_at", "timestamptz", r -> r.createdAt)
            .column("content_hash", "text", r -> r.contentHash)
            .build();

    @Id
    @Column(name = "poco_account_id")
    public String pocoAccountId;

    public String email;

    @Column(name = "email_verified")
    public boolean emailVerified;

    public String name;

    public String phone;

    public String region;

    @Column(name = "created_at")
    public Instant createdAt;

    /** When its personal fields were erased on request; null while they are held. */
    @Column(name = "erased_at")
    public Instant erasedAt;

    @Column(name = "content_hash")
    public String contentHash;

    @Enumerated(EnumType.STRING)
    @Column(name = "migration_state")
    public MigrationState migrationState = MigrationState.PENDING;

    @Column(name = "mi_account_id")
    public String miAccountId;

    @Enumerated(EnumType.STRING)
    public AccountMigrated.Link link;

    @Column(name = "migration_id")
    public UUID migrationId;

    @Column(name = "migrated_at")
    public Instant migratedAt;

    @Column(name = "completed_at")
    public Instant completedAt;

    @Column(name = "points_reported_at")
    public Instant pointsReportedAt;

    @Column(name = "points_conversions")
    public int pointsConversions;

    @Column(name = "poco_points_converted")
    public long pocoPointsConverted;

    @Column(name = "mi_points_credited")
    public long miPointsCredited;

    @Column(name = "expired_points")
    public long expiredPoints;

    @Column(name = "coupons_reported_at")
    public Instant couponsReportedAt;

    @Column(name = "coupons_reissued")
    public int couponsReissued;

    @Column(name = "coupons_not_reissued")
    public int couponsNotReissued;

    @Override
    public String contentHash() {
        return contentHash;
    }

    /** Which of these accounts were erased on request, and when: one index probe each. */
    public static Map<String, Instant> erasedAmong(List<String> pocoAccountIds) {
        if (pocoAccountIds.isEmpty()) {
            return Map.of();
        }
        return PocoAccount.<PocoAccount>list("pocoAccountId in ?1 and erasedAt is not null", pocoAccountIds).stream()
                .collect(Collectors.toMap(account -> account.pocoAccountId, account -> account.erasedAt));
    }
}
