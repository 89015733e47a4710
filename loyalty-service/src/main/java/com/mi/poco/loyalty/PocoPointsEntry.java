package com.mi.poco.loyalty;

import com.mi.poco.loyalty.imports.PointsLine;
import com.mi.poco.platform.db.BulkRows;
import com.mi.poco.platform.imports.ImportedRecord;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** An entry of a legacy POCO points ledger, kept as exported; settled once a conversion took it. */
@Entity
@Table(name = "poco_points_entry")
public class PocoPointsEntry extends PanacheEntityBase implements ImportedRecord {

    /** What an import inserts, in bulk. */
    public static final BulkRows<PocoPointsEntry> INSERT = BulkRows.<PocoPointsEntry>insertInto("poco_points_entry")
            .column("entry_id", "text", r -> r.entryId)
            .column("poco_account_id", "text", r -> r.pocoAccountId)
            .column("delta", "bigint", r -> r.delta)
            .column("reason", "text", r -> r.reason)
            .column("at", "timestamptz", r -> r.at)
            .column("expires_at", "timestamptz", r -> r.expiresAt)
            .column("content_hash", "text", r -> r.contentHash)
            .build();

    @Id
    @Column(name = "entry_id")
    public String entryId;

    @Column(name = "poco_account_id")
    public String pocoAccountId;

    public long delta;

    public String reason;

    public Instant at;

    @Column(name = "expires_at")
    public Instant expiresAt;

    @Column(name = "content_hash")
    public String contentHash;

    /** The conversion that settled this entry (converted, or left out as expired); null until then. */
    @Column(name = "conversion_id")
    public UUID conversionId;

    public static PocoPointsEntry of(PointsLine line, String fingerprint) {
        PocoPointsEntry entry = new PocoPointsEntry();
        entry.entryId = line.entryId();
        entry.pocoAccountId = line.pocoAccountId();
        entry.delta = line.delta();
        entry.reason = line.reason();
        entry.at = line.at();
        entry.expiresAt = line.expiresAt();
        entry.contentHash = fingerprint;
        return entry;
    }

    /** Expired entries are not converted: their expiry is at or before the conversion time. */
    public boolean expiredAt(Instant conversionTime) {
        return UnsettledEntry.expired(expiresAt, conversionTime);
    }

    @Override
    public String contentHash() {
        return contentHash;
    }
}
