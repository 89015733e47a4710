package com.mi.poco.coupon;

import com.mi.poco.events.TimeOrderedUuid;
import com.mi.poco.platform.db.BulkStatement;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/** A Mi coupon reissued from a POCO coupon: new code, same kind, value, currency, minimum spend and expiry. */
@Entity
@Table(name = "mi_coupon")
public class MiCoupon extends PanacheEntityBase {

    public enum Status { ACTIVE, REDEEMED }

    /** Reissued coupons inserted in bulk, a {@link #row()} each. */
    public static final BulkStatement INSERT = new BulkStatement("""
            INSERT INTO mi_coupon (id, code, mi_account_id, legacy_code, kind, value, currency, min_spend, expires_at,
                issued_at, status)
            SELECT * FROM unnest(?::uuid[], ?::text[], ?::text[], ?::text[], ?::text[], ?::numeric[], ?::text[],
                ?::numeric[], ?::timestamptz[], ?::timestamptz[], ?::text[])""");

    @Id
    public UUID id;

    public String code;

    @Column(name = "mi_account_id")
    public String miAccountId;

    @Column(name = "legacy_code")
    public String legacyCode;

    @Enumerated(EnumType.STRING)
    public PocoCoupon.Kind kind;

    public BigDecimal value;

    public String currency;

    @Column(name = "min_spend")
    public BigDecimal minSpend;

    @Column(name = "expires_at")
    public Instant expiresAt;

    @Column(name = "issued_at")
    public Instant issuedAt;

    @Enumerated(EnumType.STRING)
    public Status status;

    @Column(name = "redeemed_at")
    public Instant redeemedAt;

    @Column(name = "order_id")
    public String orderId;

    public Object[] row() {
        return new Object[] {id, code, miAccountId, legacyCode, kind, value, currency, minSpend, expiresAt, issuedAt, status};
    }

    public static MiCoupon reissue(PocoCoupon legacy, String miAccountId, String code, Instant at) {
        MiCoupon coupon = new MiCoupon();
        coupon.id = TimeOrderedUuid.next();
        coupon.code = code;
        coupon.miAccountId = miAccountId;
        coupon.legacyCode = legacy.code;
        coupon.kind = legacy.kind;
        coupon.value = legacy.value;
        coupon.currency = legacy.currency;
        coupon.minSpend = legacy.minSpend;
        coupon.expiresAt = legacy.expiresAt;
        coupon.issuedAt = at;
        coupon.status = Status.ACTIVE;
        return coupon;
    }
}
