package com.mi.poco.gateway.routes;

import com.mi.poco.events.CatalogRoute;
import jakarta.inject.Singleton;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The legacy product routes as the catalog last published them, keyed by lower-case slug. The table
 * is immutable and replaced whole: a request sees the old table or the new one, never a mix.
 */
@Singleton // not a client proxy: called on every redirect
public class LegacyRouteTable {

    private volatile Map<String, CatalogRoute> routes = Map.of();

    public Optional<CatalogRoute> route(String slug) {
        return Optional.ofNullable(routes.get(slug));
    }

    public int size() {
        return routes.size();
    }

    /** Applies a batch of changes (an empty Optional removes the slug) as one new table. */
    synchronized void apply(Map<String, Optional<CatalogRoute>> changes) {
        if (changes.isEmpty()) {
            return;
        }
        Map<String, CatalogRoute> next = new HashMap<>(routes);
        changes.forEach((slug, route) -> route.ifPresentOrElse(r -> next.put(slug, r), () -> next.remove(slug)));
        // A HashMap, never changed once published (volatile write): lookups of similar slugs in it are
        // about twice as fast as in Map.copyOf's linear-probing table, which clusters on them.
        routes = Collections.unmodifiableMap(next);
    }
}
