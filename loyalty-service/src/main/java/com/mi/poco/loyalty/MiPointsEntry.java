package com.mi.poco.loyalty;

import com.mi.poco.events.TimeOrderedUuid;
import com.mi.poco.platform.db.BulkStatement;
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
    /** Entries inserted in bulk, a {@link #row()} each. */
    public static final BulkStatement INSERT = new BulkStatement("""
            INSERT INTO mi_points_entry (id, mi_account_id, delta, reason, conversion_id, poco_account_id, at)
            SELECT * FROM unnest(?::uuid[], ?::text[], ?::bigint[], ?::text[], ?::uuid[], ?::text[], ?::timestamptz[])""");

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

    public Object[] row() {
        return new Object[] {id, miAccountId, delta, reason, conversionId, pocoAccountId, at};
    }

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
