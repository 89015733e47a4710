package com.mi.poco.account.imports;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/** One line of {@code orders.jsonl}: an order with its items and its logistics (shipments and their events). */
public record OrderLine(
        @NotBlank @Size(max = 64) String orderId,
        @NotBlank @Size(max = 64) String pocoAccountId,
        @NotNull Instant placedAt,
        @NotNull @Pattern(regexp = "[A-Z]{3}", message = "must be an ISO 4217 code") String currency,
        @NotNull @DecimalMin("0") @Digits(integer = 12, fraction = 2) BigDecimal total,
        @NotBlank @Size(max = 32) String status,
        @NotNull @Size(min = 1, max = 500) List<@NotNull @Valid Item> items,
        @Size(max = 100) List<@NotNull @Valid Shipment> shipments) {

    public record Item(
            @NotBlank @Size(max = 64) String sku,
            @NotBlank @Size(max = 200) String name,
            @NotNull @Positive Integer quantity,
            @NotNull @DecimalMin("0") @Digits(integer = 12, fraction = 2) BigDecimal unitPrice) {
    }

    public record Shipment(
            @NotBlank @Size(max = 64) String carrier,
            @NotBlank @Size(max = 64) String trackingNumber,
            @Size(max = 200) List<@NotNull @Valid TrackingEvent> events) {
    }

    public record TrackingEvent(
            @NotNull Instant at,
            @NotBlank @Size(max = 64) String status,
            @Size(max = 200) String location) {
    }
}
