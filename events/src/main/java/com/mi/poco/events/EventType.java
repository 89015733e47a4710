package com.mi.poco.events;

/**
 * Every event type the platform publishes: its topic, its CloudEvents type and the payload record.
 * A change that breaks a consumer is a new constant with a new {@code .vN} type, never an edit.
 */
public enum EventType {

    ACCOUNT_MIGRATED("account-migrated", "com.mi.poco.account.migrated.v1", AccountMigrated.class),
    POINTS_CONVERTED("points-converted", "com.mi.poco.points.converted.v1", PointsConverted.class),
    COUPON_REISSUED("coupon-reissued", "com.mi.poco.coupon.reissued.v1", CouponReissued.class),
    CATALOG_ROUTE_CHANGED("catalog-routes", "com.mi.poco.catalog.route.v1", CatalogRoute.class),
    ACCOUNT_ERASED("account-erased", "com.mi.poco.account.erased.v1", AccountErased.class);

    private final String topic;
    private final String type;
    private final Class<? extends Record> payload;

    EventType(String topic, String type, Class<? extends Record> payload) {
        this.topic = topic;
        this.type = type;
        this.payload = payload;
    }

    public String topic() {
        return topic;
    }

    /** The CloudEvents {@code type} attribute ({@code ce_type} header). */
    public String type() {
        return type;
    }

    public Class<? extends Record> payload() {
        return payload;
    }

    /** Classpath location of the JSON Schema that external subscribers read the contract from. */
    public String schemaResource() {
        return "/schemas/" + type + ".json";
    }
}
