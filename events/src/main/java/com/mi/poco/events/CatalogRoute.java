package com.mi.poco.events;

import java.time.Instant;
import java.util.Map;

/**
 * The current target of one legacy product route, published to the compacted {@code catalog-routes}
 * topic keyed by the product's slug (lower case). The latest record per slug is the truth; a
 * tombstone (null value) removes the route. The gateway follows successors itself.
 *
 * @param regions region code → mi.com path of the product in that region
 */
public record CatalogRoute(
        String slug,
        Status status,
        @Nullable String successor,
        Map<String, String> regions,
        Instant changedAt) {

    public enum Status {
        ACTIVE, DISCONTINUED
    }
}
