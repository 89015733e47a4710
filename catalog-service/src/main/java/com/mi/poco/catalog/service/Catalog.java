package com.mi.poco.catalog.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.mi.poco.catalog.Product;
import com.mi.poco.catalog.imports.ProductLine;
import com.mi.poco.events.CatalogRoute;
import com.mi.poco.events.EventType;
import com.mi.poco.messaging.outbox.Outbox;
import com.mi.poco.platform.imports.Fingerprint;
import com.mi.poco.platform.imports.ImportedRecords;
import com.mi.poco.platform.imports.ImportedFile;
import com.mi.poco.platform.imports.RejectedLine;
import com.mi.poco.platform.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.OptimisticLockException;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.hibernate.StaleStateException;

/**
 * POCO's products on mi.com. Every change of a product's route (new, moved, discontinued, successor
 * set, removed) is published to the compacted {@code catalog-routes} topic through the outbox, in the
 * transaction of the change, with the next {@link CatalogRoute#version() route version}, so that the
 * gateway keeps the latest whatever order the records arrive in.
 *
 * <p>Successor chains are allowed (the gateway follows them to the end); a change that would close a
 * loop is refused. Writes that set a successor take one transaction-scoped lock first, so that two
 * of them at once (A → B and B → A) cannot both pass the check: the second sees the first's chain.
 * Writers of one product are kept apart by its version: a write based on an older one is a 409.
 */
@ApplicationScoped
public class Catalog {

    private final ImportedRecords records;
    private final Outbox outbox;
    private final ObjectMapper json;

    public Catalog(ImportedRecords records, Outbox outbox, ObjectMapper json) {
        this.records = records;
        this.outbox = outbox;
        this.json = json;
    }

    /** products.jsonl: each product stored publishes its route; a successor may close no loop. */
    public ImportedFile<ProductLine> productsFile() {
        return new ImportedFile<>("products", ProductLine.class, () -> new ProductImport().store);
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<Product> product(String slug) {
        return Product.findByIdOptional(slug);
    }

    /**
     * A page of products by slug. A page that begins past 2^31 - 1 products (page × size, which an {@code int}
     * offset no longer holds: it overflowed into a negative OFFSET, a 500) is past the end of any catalog,
     * so it is empty, as every page after the last.
     */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<Product> products(int page, int size) {
        if ((long) page * size > Integer.MAX_VALUE) {
            return List.of();
        }
        return Product.<Product>findAll(io.quarkus.panache.common.Sort.by("slug")).page(page, size).list();
    }

    /**
     * Creates or replaces the product {@code slug}; publishes its route if it changed. With
     * {@code expectedVersion} (a client's {@code If-Match}), only if the product is still at that
     * version (0: only if it does not exist).
     */
    @Transactional
    public Product put(String slug, ProductLine line, Optional<Long> expectedVersion) {
        if (!slug.equals(line.slug())) {
            throw ProblemException.badRequest("slug-mismatch", "The body is about " + line.slug() + ", not " + slug);
        }
        if (line.successor() != null) {
            lockSuccessorChanges();
        }
        loop(line, Catalog::stored).ifPresent(loop -> {
            throw new ProblemException("redirect-loop", "Redirect loop", 409,
                    "Successor " + line.successor() + " would close a loop: " + String.join(" → ", loop));
        });
        String fingerprint = Fingerprint.of(line, json);
        Product stored = Product.findById(slug);
        expectedVersion.ifPresent(expected -> refuseStale(slug, stored, expected));
        Product product = stored;
        if (product == null) {
            product = Product.of(line, fingerprint);
        } else if (fingerprint.equals(product.contentHash)) {
            return product;
        } else {
            product.update(line, fingerprint);
        }
        product.routeVersion = nextRouteVersion();
        product.persist();
        flushOrRefuseStale(slug);
        outbox.record(EventType.CATALOG_ROUTE_CHANGED, slug, product.route());
        return product;
    }

    /**
     * Removes the product (with {@code expectedVersion}, only if still at that version): a
     * {@code REMOVED} route, then a tombstone so that compaction forgets the slug.
     */
    @Transactional
    public void delete(String slug, Optional<Long> expectedVersion) {
        Product product = Product.<Product>findByIdOptional(slug)
                .orElseThrow(() -> ProblemException.notFound("product", slug));
        expectedVersion.ifPresent(expected -> refuseStale(slug, product, expected));
        product.delete();
        flushOrRefuseStale(slug);
        outbox.record(EventType.CATALOG_ROUTE_CHANGED, slug, CatalogRoute.removed(slug, Instant.now(), nextRouteVersion()));
        outbox.tombstone(EventType.CATALOG_ROUTE_CHANGED, slug);
    }

    private static void refuseStale(String slug, Product product, long expected) {
        long current = Product.entityTag(product);
        if (current != expected) {
            throw stale(slug, product == null ? "it does not exist" : "it is at version " + current + ", not " + expected);
        }
    }

    /** Writes now, so that a writer that changed the product since it was read is refused here, as a 409. */
    private static void flushOrRefuseStale(String slug) {
        try {
            Product.flush();
        } catch (OptimisticLockException | StaleStateException changedMeanwhile) {
            throw stale(slug, "another write changed it meanwhile");
        }
    }

    private static ProblemException stale(String slug, String why) {
        return new ProblemException("stale-write", "Stale write", 409,
                "Product " + slug + " was not changed: " + why + ". Read it again and retry with its version (If-Match).");
    }

    private static long nextRouteVersion() {
        return ((Number) Product.getEntityManager().createNativeQuery("SELECT nextval('product_route_version')")
                .getSingleResult()).longValue();
    }

    /** One lock for every write that sets a successor, held to the end of its transaction. */
    private static void lockSuccessorChanges() {
        Product.getEntityManager().createNativeQuery("SELECT pg_advisory_xact_lock(hashtext('catalog.successors'))")
                .getSingleResult();
    }

    /** Publishes every product's route again (a gateway table lost, a topic rebuilt). */
    @Transactional
    public long republish() {
        List<Product> all = Product.listAll();
        all.forEach(product -> outbox.record(EventType.CATALOG_ROUTE_CHANGED, product.slug, product.route()));
        return all.size();
    }

    /** One import's products: a successor may be a product stored before, or one the chunk in hand created. */
    private final class ProductImport {

        private final ImportedRecords.StoreOnce<ProductLine, Product> store =
                records.storeOnce(Product.class, "slug", ProductLine::slug, this::imported);

        private Product imported(ProductLine line, String fingerprint) {
            if (line.successor() != null) {
                lockSuccessorChanges();
            }
            loop(line, slug -> store.created(slug).orElseGet(() -> stored(slug))).ifPresent(loop -> {
                throw new RejectedLine("successor " + line.successor() + " would close a loop: "
                        + String.join(" → ", loop));
            });
            Product product = Product.of(line, fingerprint);
            product.routeVersion = nextRouteVersion();
            outbox.record(EventType.CATALOG_ROUTE_CHANGED, product.slug, product.route());
            return product;
        }
    }

    private static Product stored(String slug) {
        return Product.findById(slug);
    }

    /** The loop {@code line}'s successor chain would close, if any (following the stored products). */
    private static Optional<List<String>> loop(ProductLine line, Function<String, Product> stored) {
        Set<String> seen = new LinkedHashSet<>(List.of(line.slug()));
        String next = line.successor();
        while (next != null) {
            if (!seen.add(next)) {
                List<String> path = new ArrayList<>(seen);
                path.add(next);
                return Optional.of(path);
            }
            Product product = stored.apply(next);
            next = product == null ? null : product.successor;
        }
        return Optional.empty();
    }
}
