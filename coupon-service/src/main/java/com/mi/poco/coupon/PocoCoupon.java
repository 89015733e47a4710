package com.mi.poco.coupon;

import com.mi.poco.coupon.imports.CouponLine;
import com.mi.poco.events.CouponReissued;
import com.mi.poco.platform.db.BulkRows;
import com.mi.poco.platform.imports.ImportedRecord;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.math.BigDecimal;
import java.time.Instant;

/** A coupon POCO issued, as exported, and what the migration decided for it. */
@Entity
@Table(name = "poco_coupon")
public class PocoCoupon extends PanacheEntityBase implements ImportedRecord {

    /** What an import inserts, in bulk. */
    public static final BulkRows<PocoCoupon> INSERT = BulkRows.<PocoCoupon>insertInto("poco_coupon")
            .column("code", "text", r -> r.code)
            .column("poco_account_id", "text", r -> r.pocoAccountId)
            .column("kind", "text", r -> r.kind)
            .column("value", "numeric", r -> r.value)
            .column("currency", "text", r -> r.currency)
            .column("min_spend", "numeric", r -> r.minSpend)
            .column("issued_at", "timestamptz", r -> r.issuedAt)
            .column("expires_at", "timestamptz", r -> r.expiresAt)
            .column("status", "text", r -> r.status)
            .column("content_hash", "text", r -> r.contentHash)
            .build();

    public enum Kind { AMOUNT, PERCENT }

    public enum Status { ACTIVE, REDEEMED, REVOKED }

    @Id
    public String code;

    @Column(name = "poco_account_id")
    public String pocoAccountId;

    @Enumerated(EnumType.STRING)
    public Kind kind;

    public BigDecimal value;

    public String currency;

    @Column(name = "min_spend")
    public BigDecimal minSpend;

    @Column(name = "issued_at")
    public Instant issuedAt;

    @Column(name = "expires_at")
    public Instant expiresAt;

    @Enumerated(EnumType.STRING)
    public Status status;

    @Column(name = "content_hash")
    public String contentHash;

    @Enumerated(EnumType.STRING)
    public CouponReissued.Decision decision;

    @Column(name = "decided_at")
    public Instant decidedAt;

    public static PocoCoupon of(CouponLine line, String fingerprint) {
        PocoCoupon coupon = new PocoCoupon();
        coupon.code = line.code();
        coupon.pocoAccountId = line.pocoAccountId();
        coupon.kind = line.kind();
        coupon.value = line.value();
        coupon.currency = line.currency();
        coupon.minSpend = line.minSpend();
        coupon.issuedAt = line.issuedAt();
        coupon.expiresAt = line.expiresAt();
        coupon.status = line.status();
        coupon.contentHash = fingerprint;
        return coupon;
    }

    @Override
    public String contentHash() {
        return contentHash;
    }
}
