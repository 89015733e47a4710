package com.mi.poco.coupon;

import com.mi.poco.events.TimeOrderedUuid;
import com.mi.poco.platform.db.BulkRows;
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

    /** Reissued coupons inserted in bulk. */
    public static final BulkRows<MiCoupon> INSERT = BulkRows.<MiCoupon>insertInto("mi_coupon")
            .column("id", "uuid", r -> r.id)
            .column("code", "text", r -> r.code)
            .column("mi_account_id", "text", r -> r.miAccountId)
            .column("legacy_code", "text", r -> r.legacyCode)
            .column("kind", "text", r -> r.kind)
            .column("value", "numeric", r -> r.value)
            .column("currency", "text", r -> r.currency)
            .column("min_spend", "numeric", r -> r.minSpend)
            .column("expires_at", "timestamptz", r -> r.expiresAt)
            .column("issued_at", "timestamptz", r -> r.issuedAt)
            .column("status", "text", r -> r.status)
            .build();

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

    public static MiCoupon reissue(UndecidedCoupon legacy, String miAccountId, String code, Instant at) {
        MiCoupon coupon = new MiCoupon();
        coupon.id = TimeOrderedUuid.next();
        coupon.code = code;
        coupon.miAccountId = miAccountId;
        coupon.legacyCode = legacy.code();
        coupon.kind = legacy.kind();
        coupon.value = legacy.value();
        coupon.currency = legacy.currency();
        coupon.minSpend = legacy.minSpend();
        coupon.expiresAt = legacy.expiresAt();
        coupon.issuedAt = at;
        coupon.status = Status.ACTIVE;
        return coupon;
    }
}
