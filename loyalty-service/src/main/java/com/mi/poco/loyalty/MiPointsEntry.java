package com.mi.poco.loyalty;

import com.mi.poco.events.TimeOrderedUuid;
import com.mi.poco.platform.db.BulkRows;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** An entry of a Mi loyalty ledger; one that came from POCO names its conversion. */
@Entity
@Table(name = "mi_points_entry")
public class MiPointsEntry extends PanacheEntityBase {

    public static final String POCO_CONVERSION = "POCO_CONVERSION";
    /** Entries inserted in bulk. */
    public static final BulkRows<MiPointsEntry> INSERT = BulkRows.<MiPointsEntry>insertInto("mi_points_entry")
            .column("id", "uuid", r -> r.id)
            .column("mi_account_id", "text", r -> r.miAccountId)
            .column("delta", "bigint", r -> r.delta)
            .column("reason", "text", r -> r.reason)
            .column("conversion_id", "uuid", r -> r.conversionId)
            .column("poco_account_id", "text", r -> r.pocoAccountId)
            .column("at", "timestamptz", r -> r.at)
            .build();

    @Id
    public UUID id;

    @Column(name = "mi_account_id")
    public String miAccountId;

    public long delta;

    public String reason;

    @Column(name = "conversion_id")
    public UUID conversionId;

    @Column(name = "poco_account_id")
    public String pocoAccountId;

    public Instant at;

    public static MiPointsEntry creditOf(PointsConversion conversion) {
        MiPointsEntry entry = new MiPointsEntry();
        entry.id = TimeOrderedUuid.next();
        entry.miAccountId = conversion.miAccountId;
        entry.delta = conversion.miPointsCredited;
        entry.reason = POCO_CONVERSION;
        entry.conversionId = conversion.conversionId;
        entry.pocoAccountId = conversion.pocoAccountId;
        entry.at = conversion.convertedAt;
        return entry;
    }
}
