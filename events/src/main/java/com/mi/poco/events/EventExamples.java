package com.mi.poco.events;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** One valid example payload of each event type, for documentation and for contract tests. */
public final class EventExamples {

    private static final Instant AT = Instant.parse("2024-12-12T00:00:00Z");

    /** An example of {@code type} about the legacy account (or product slug) {@code key}. */
    public static Record of(EventType type, String key) {
        return switch (type) {
            case ACCOUNT_MIGRATED -> new AccountMigrated(key, "M00000042", "uk",
                    AccountMigrated.Link.LINKED_EXISTING, UUID.randomUUID(), AT);
            case POINTS_CONVERTED -> new PointsConverted(key, "M00000042", UUID.randomUUID(), false,
                    503, 40, 503, 251, new BigDecimal("0.5"), new BigDecimal("0.5"), AT);
            case COUPON_REISSUED -> new CouponReissued(key, "M00000042", false, List.of(
                    new CouponReissued.Outcome("POCO-7F3K-Q9XZ", CouponReissued.Decision.REISSUED, "c-1"),
                    new CouponReissued.Outcome("POCO-AAAA-BBBB", CouponReissued.Decision.EXPIRED, null)), AT);
            case CATALOG_ROUTE_CHANGED -> new CatalogRoute(key, CatalogRoute.Status.ACTIVE, null,
                    Map.of("uk", "/uk/product/" + key + "/"), AT, 42);
            case ACCOUNT_ERASED -> new AccountErased(key, List.of("P00000001"), AT);
        };
    }

    private EventExamples() {
    }
}
