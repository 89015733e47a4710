package com.mi.poco.account.service;

import com.mi.poco.account.imports.OrderLine;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * Everything account-service holds for one Mi account from POCO (privacy law: access and
 * portability): the Mi account, and each POCO account migrated into it with its profile, its orders
 * with their logistics, and its feedback. After an erasure on request, {@code erasedAt} says when, and
 * nothing personal is left to list.
 */
public record PersonalDataExport(
        String miAccountId,
        String email,
        String region,
        Instant erasedAt,
        Instant exportedAt,
        List<PocoAccountData> pocoAccounts) {

    public record PocoAccountData(
            String pocoAccountId,
            String email,
            boolean emailVerified,
            String name,
            String phone,
            String region,
            Instant createdAt,
            Instant migratedAt,
            List<Order> orders,
            List<Feedback> feedback) {
    }

    public record Order(String orderId, Instant placedAt, String currency, BigDecimal total, String status,
            List<OrderLine.Item> items, List<OrderLine.Shipment> shipments) {
    }

    public record Feedback(String feedbackId, String orderId, int rating, String comment, Instant createdAt) {
    }
}
