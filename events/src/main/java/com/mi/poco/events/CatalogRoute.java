package com.mi.poco.events;

import java.time.Instant;
import java.util.Map;

/**
 * The current target of one legacy product route, published to the compacted {@code catalog-routes}
 * topic keyed by the product's slug (lower case). The record with the highest {@code version} per
 * slug is the truth, whatever order records arrive in (two catalog instances may publish two changes
 * of one product in the reverse of their commit order): a subscriber ignores a record older than the
 * one it holds. A removed product is a {@link Status#REMOVED} record (no regions), followed by a
 * tombstone (null value) so that compaction forgets the slug; the tombstone carries no version and
 * only removes a route that carries none either. The gateway follows successors itself.
 *
 * @param regions region code → mi.com path of the product in that region (empty when removed)
 * @param version the catalog's order of route changes: higher is later, across all products;
 *                0 for records published before versions existed
 */
public record CatalogRoute(
        String slug,
        Status status,
        @Nullable String successor,
        Map<String, String> regions,
        Instant changedAt,
        long version) {

    /**
     * A region's path that stays on mi.com, as the catalog takes it and the gateway redirects to it: one
     * leading slash, no empty segment (a {@code //} would begin a host where the path is read as a
     * reference), no {@code ..} segment, no escapes.
     */
    public static final String MI_PATH = "/(?!/)(?!.*//)(?!(.*/)?\\.\\.(/|$))[A-Za-z0-9._~/-]*";

    public enum Status {
        ACTIVE, DISCONTINUED, REMOVED
    }

    /** The record that says {@code slug} was removed, as of {@code version}. */
    public static CatalogRoute removed(String slug, Instant at, long version) {
        return new CatalogRoute(slug, Status.REMOVED, null, Map.of(), at, version);
    }

    /** Whether this record is newer than {@code held} (a record without a version is older than any with one). */
    public boolean supersedes(CatalogRoute held) {
        return held == null || version >= held.version();
    }
}
