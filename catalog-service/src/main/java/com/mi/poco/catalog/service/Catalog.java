package com.mi.poco.catalog.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.mi.poco.catalog.Product;
import com.mi.poco.catalog.imports.ProductLine;
import com.mi.poco.events.EventType;
import com.mi.poco.platform.imports.Fingerprint;
import com.mi.poco.platform.imports.ImportReport;
import com.mi.poco.platform.imports.ImportedRecords;
import com.mi.poco.platform.imports.NdjsonImporter;
import com.mi.poco.platform.imports.RejectedLine;
import com.mi.poco.platform.outbox.Outbox;
import com.mi.poco.platform.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * POCO's products on mi.com. Every change of a product's route (new, moved, discontinued, successor
 * set, removed) is published to the compacted {@code catalog-routes} topic through the outbox, in the
 * transaction of the change. Successor chains are allowed (the gateway follows them to the end); a
 * change that would close a loop is refused.
 */
@ApplicationScoped
public class Catalog {

    private final NdjsonImporter importer;
    private final ImportedRecords records;
    private final Outbox outbox;
    private final ObjectMapper json;

    public Catalog(NdjsonImporter importer, ImportedRecords records, Outbox outbox, ObjectMapper json) {
        this.importer = importer;
        this.records = records;
        this.outbox = outbox;
        this.json = json;
    }

    public ImportReport importProducts(InputStream body, Long length, long firstLine) {
        return importer.importLines(body, length, firstLine, ProductLine.class, new ProductImport().store);
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<Product> product(String slug) {
        return Product.findByIdOptional(slug);
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public List<Product> products(int page, int size) {
        return Product.<Product>findAll(io.quarkus.panache.common.Sort.by("slug")).page(page, size).list();
    }

    /** Creates or replaces the product {@code slug}; publishes its route if it changed. */
    @Transactional
    public Product put(String slug, ProductLine line) {
        if (!slug.equals(line.slug())) {
            throw ProblemException.badRequest("slug-mismatch", "The body is about " + line.slug() + ", not " + slug);
        }
        loop(line, Catalog::stored).ifPresent(loop -> {
            throw new ProblemException("redirect-loop", "Redirect loop", 409,
                    "Successor " + line.successor() + " would close a loop: " + String.join(" → ", loop));
        });
        String fingerprint = Fingerprint.of(line, json);
        Product product = Product.findById(slug);
        if (product == null) {
            product = Product.of(line, fingerprint);
            product.persist();
        } else if (fingerprint.equals(product.contentHash)) {
            return product;
        } else {
            product.update(line, fingerprint);
        }
        outbox.record(EventType.CATALOG_ROUTE_CHANGED, slug, product.route());
        return product;
    }

    /** Removes the product; a tombstone removes its route. */
    @Transactional
    public void delete(String slug) {
        Product product = Product.<Product>findByIdOptional(slug)
                .orElseThrow(() -> ProblemException.notFound("product", slug));
        product.delete();
        outbox.tombstone(EventType.CATALOG_ROUTE_CHANGED, slug);
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
            loop(line, slug -> store.created(slug).orElseGet(() -> stored(slug))).ifPresent(loop -> {
                throw new RejectedLine("successor " + line.successor() + " would close a loop: "
                        + String.join(" → ", loop));
            });
            Product product = Product.of(line, fingerprint);
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
