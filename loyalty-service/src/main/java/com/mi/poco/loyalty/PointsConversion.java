package com.mi.poco.loyalty;

import com.mi.poco.events.PointsConverted;
import com.mi.poco.events.TimeOrderedUuid;
import com.mi.poco.platform.db.BulkRows;
import com.mi.poco.steps.MigratedAccount;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Transient;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The conversion of one account's unsettled POCO entries at one time (docs/domain.md "Points"): expired
 * entries are left out, a negative balance converts to 0, the rest is multiplied by the rate and
 * rounded down, and the remainder is recorded. The database checks that credited + remainder equals
 * converted × rate.
 */
@Entity
@Table(name = "points_conversion")
public class PointsConversion extends PanacheEntityBase {

    /** Conversions inserted in bulk. */
    public static final BulkRows<PointsConversion> INSERT = BulkRows.<PointsConversion>insertInto("points_conversion")
            .column("conversion_id", "uuid", r -> r.conversionId)
            .column("poco_account_id", "text", r -> r.pocoAccountId)
            .column("mi_account_id", "text", r -> r.miAccountId)
            .column("late", "boolean", r -> r.late)
            .column("converted_at", "timestamptz", r -> r.convertedAt)
            .column("balance", "bigint", r -> r.balance)
            .column("expired_points", "bigint", r -> r.expiredPoints)
            .column("poco_points_converted", "bigint", r -> r.pocoPointsConverted)
            .column("rate", "numeric", r -> r.rate)
            .column("mi_points_credited", "bigint", r -> r.miPointsCredited)
            .column("remainder", "numeric", r -> r.remainder)
            .build();

    @Id
    @Column(name = "conversion_id")
    public UUID conversionId;

    @Column(name = "poco_account_id")
    public String pocoAccountId;

    @Column(name = "mi_account_id")
    public String miAccountId;

    public boolean late;

    @Column(name = "converted_at")
    public Instant convertedAt;

    public long balance;

    @Column(name = "expired_points")
    public long expiredPoints;

    @Column(name = "poco_points_converted")
    public long pocoPointsConverted;

    public BigDecimal rate;

    @Column(name = "mi_points_credited")
    public long miPointsCredited;

    public BigDecimal remainder;

    /** The entries this conversion settles (expired ones too), by id: what its writer marks as converted. */
    @Transient
    private List<String> settledEntries = List.of();

    /** Converts {@code entries} (all unsettled entries of the account); the conversion lists them as settled. */
    public static PointsConversion of(MigratedAccount account, List<UnsettledEntry> entries, BigDecimal rate,
            boolean late, Instant at) {
        PointsConversion conversion = new PointsConversion();
        conversion.conversionId = TimeOrderedUuid.next();
        conversion.pocoAccountId = account.pocoAccountId;
        conversion.miAccountId = account.miAccountId;
        conversion.late = late;
        conversion.convertedAt = at;
        conversion.rate = rate;
        for (UnsettledEntry entry : entries) {
            // exact: a balance that overflowed would be settled as a wrong number (the import bounds each delta)
            if (entry.expiredAt(at)) {
                conversion.expiredPoints = Math.addExact(conversion.expiredPoints, Math.max(0, entry.delta()));
            } else {
                conversion.balance = Math.addExact(conversion.balance, entry.delta());
            }
        }
        conversion.settledEntries = entries.stream().map(UnsettledEntry::entryId).toList();
        conversion.pocoPointsConverted = Math.max(0, conversion.balance);
        BigDecimal exact = rate.multiply(BigDecimal.valueOf(conversion.pocoPointsConverted));
        BigDecimal whole = exact.setScale(0, RoundingMode.DOWN);
        conversion.miPointsCredited = whole.longValueExact();
        conversion.remainder = exact.subtract(whole);
        return conversion;
    }

    public List<String> settledEntries() {
        return settledEntries;
    }

    public PointsConverted event() {
        return new PointsConverted(pocoAccountId, miAccountId, conversionId, late, balance, expiredPoints,
                pocoPointsConverted, miPointsCredited, rate.stripTrailingZeros(), remainder.stripTrailingZeros(),
                convertedAt);
    }
}
