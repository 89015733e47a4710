package com.mi.poco.loyalty;

import com.mi.poco.events.PointsConverted;
import com.mi.poco.events.TimeOrderedUuid;
import com.mi.poco.platform.db.BulkStatement;
import com.mi.poco.steps.MigratedAccount;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
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

    /** Conversions inserted in bulk, a {@link #row()} each. */
    public static final BulkStatement INSERT = new BulkStatement("""
            INSERT INTO points_conversion (conversion_id, poco_account_id, mi_account_id, late, converted_at, balance,
                expired_points, poco_points_converted, rate, mi_points_credited, remainder)
            SELECT * FROM unnest(?::uuid[], ?::text[], ?::text[], ?::boolean[], ?::timestamptz[], ?::bigint[],
                ?::bigint[], ?::bigint[], ?::numeric[], ?::bigint[], ?::numeric[])""");

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

    /** Converts {@code entries} (all unsettled entries of the account) and settles them. */
    public static PointsConversion of(MigratedAccount account, List<PocoPointsEntry> entries, BigDecimal rate,
            boolean late, Instant at) {
        PointsConversion conversion = new PointsConversion();
        conversion.conversionId = TimeOrderedUuid.next();
        conversion.pocoAccountId = account.pocoAccountId;
        conversion.miAccountId = account.miAccountId;
        conversion.late = late;
        conversion.convertedAt = at;
        conversion.rate = rate;
        for (PocoPointsEntry entry : entries) {
            if (entry.expiredAt(at)) {
                conversion.expiredPoints += Math.max(0, entry.delta);
            } else {
                conversion.balance += entry.delta;
            }
            entry.conversionId = conversion.conversionId;
        }
        conversion.pocoPointsConverted = Math.max(0, conversion.balance);
        BigDecimal exact = rate.multiply(BigDecimal.valueOf(conversion.pocoPointsConverted));
        BigDecimal whole = exact.setScale(0, RoundingMode.DOWN);
        conversion.miPointsCredited = whole.longValueExact();
        conversion.remainder = exact.subtract(whole);
        return conversion;
    }

    public Object[] row() {
        return new Object[] {conversionId, pocoAccountId, miAccountId, late, convertedAt, balance, expiredPoints,
                pocoPointsConverted, rate, miPointsCredited, remainder};
    }

    public PointsConverted event() {
        return new PointsConverted(pocoAccountId, miAccountId, conversionId, late, balance, expiredPoints,
                pocoPointsConverted, miPointsCredited, rate.stripTrailingZeros(), remainder.stripTrailingZeros(),
                convertedAt);
    }
}
