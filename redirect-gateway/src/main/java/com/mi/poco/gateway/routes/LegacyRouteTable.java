package com.mi.poco.gateway.routes;

import com.mi.poco.events.CatalogRoute;
import jakarta.inject.Singleton;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The legacy product routes as the catalog last published them, keyed by lower-case slug. The table
 * is immutable and replaced whole: a request sees the old table or the new one, never a mix.
 *
 * <p>A change applies only if it is not older than what the table holds for its slug
 * ({@link CatalogRoute#supersedes}): records of one product may arrive in another order than the
 * catalog committed them. A removal ({@code REMOVED}) is remembered by its version, so that an older
 * route arriving after it cannot bring the product back; a tombstone removes only a route without a
 * version (one published before versions existed).
 */
@Singleton // not a client proxy: called on every redirect
public class LegacyRouteTable {

    /** One record of {@code catalog-routes}: a route, or a tombstone ({@code route} null). */
    public record Change(String slug, CatalogRoute route) {
    }

    private volatile Map<String, CatalogRoute> routes = Map.of();
    /** The version of each slug's removal, while no later route has come. */
    private final Map<String, Long> removals = new HashMap<>();

    public Optional<CatalogRoute> route(String slug) {
        return Optional.ofNullable(routes.get(slug));
    }

    public int size() {
        return routes.size();
    }

    /** Applies a batch of changes, in the order they were read, as one new table. */
    synchronized void apply(List<Change> changes) {
        if (changes.isEmpty()) {
            return;
        }
        Map<String, CatalogRoute> next = new HashMap<>(routes);
        for (Change change : changes) {
            CatalogRoute held = next.get(change.slug());
            CatalogRoute route = change.route();
            if (route == null) {
                if (held != null && held.version() == 0) {
                    next.remove(change.slug());
                }
            } else if (route.supersedes(held) && route.version() >= removals.getOrDefault(change.slug(), 0L)) {
                if (route.status() == CatalogRoute.Status.REMOVED) {
                    next.remove(change.slug());
                    removals.put(change.slug(), route.version());
                } else {
                    next.put(change.slug(), route);
                    removals.remove(change.slug());
                }
            }
        }
        // A HashMap, never changed once published (volatile write): lookups of similar slugs in it are
        // about twice as fast as in Map.copyOf's linear-probing table, which clusters on them.
        routes = Collections.unmodifiableMap(next);
    }
}
