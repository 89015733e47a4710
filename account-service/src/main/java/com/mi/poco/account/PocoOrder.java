package com.mi.poco.account;

import com.mi.poco.account.imports.OrderLine;
import com.mi.poco.platform.imports.ImportedRecord;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** A legacy order with its logistics history; it follows its POCO account to the Mi account. */
@Entity
@Table(name = "poco_order")
public class PocoOrder extends PanacheEntityBase implements ImportedRecord {

    @Id
    @Column(name = "order_id")
    public String orderId;

    @Column(name = "poco_account_id")
    public String pocoAccountId;

    @Column(name = "placed_at")
    public Instant placedAt;

    public String currency;

    public BigDecimal total;

    public String status;

    @JdbcTypeCode(SqlTypes.JSON)
    public List<OrderLine.Item> items;

    @JdbcTypeCode(SqlTypes.JSON)
    public List<OrderLine.Shipment> shipments;

    @Column(name = "content_hash")
    public String contentHash;

    public static PocoOrder of(OrderLine line, String fingerprint) {
        PocoOrder order = new PocoOrder();
        order.orderId = line.orderId();
        order.pocoAccountId = line.pocoAccountId();
        order.placedAt = line.placedAt();
        order.currency = line.currency();
        order.total = line.total();
        order.status = line.status();
        order.items = line.items();
        order.shipments = line.shipments() == null ? List.of() : line.shipments();
        order.contentHash = fingerprint;
        return order;
    }

    @Override
    public String contentHash() {
        return contentHash;
    }
}
