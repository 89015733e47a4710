package com.mi.poco.catalog;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.mi.poco.catalog.imports.ProductLine;
import com.mi.poco.events.CatalogRoute;
import com.mi.poco.platform.imports.ImportedRecord;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** A POCO product as sold on mi.com: POCO stays its brand; its regions say where its page is. */
@Entity
@Table(name = "product")
public class Product extends PanacheEntityBase implements ImportedRecord {

    public static final String POCO = "POCO";

    @Id
    public String slug;

    public String name;

    public String brand = POCO;

    @Enumerated(EnumType.STRING)
    public CatalogRoute.Status status;

    public String successor;

    @JdbcTypeCode(SqlTypes.JSON)
    public Map<String, ProductLine.Availability> regions;

    @Column(name = "content_hash")
    public String contentHash;

    @Column(name = "updated_at")
    public Instant updatedAt;

    /** The optimistic lock: a write based on an older version is refused ({@code If-Match}, 409). */
    @Version
    @JsonIgnore // clients see it as the entity tag ({@link #entityTag})
    public long version;

    /** This product's place in the catalog's order of route changes ({@link CatalogRoute#version()}). */
    @Column(name = "route_version")
    public long routeVersion;

    public static Product of(ProductLine line, String fingerprint) {
        Product product = new Product();
        product.slug = line.slug();
        product.update(line, fingerprint);
        return product;
    }

    public void update(ProductLine line, String fingerprint) {
        name = line.name();
        status = line.status();
        successor = line.successor();
        regions = new TreeMap<>();
        line.regions().forEach((region, availability) -> regions.put(region.toLowerCase(Locale.ROOT), availability));
        contentHash = fingerprint;
        updatedAt = Instant.now();
    }

    /**
     * What a client sends back in {@code If-Match} to change this product: its version, counted from 1,
     * so that 0 stays the tag of a product that does not exist (a create-only write), also for one
     * stored at the lock's first version.
     */
    public static long entityTag(Product product) {
        return product == null ? 0 : product.version + 1;
    }

    /** The route the gateway needs: the mi.com path per region, the status, the successor. */
    public CatalogRoute route() {
        Map<String, String> paths = new TreeMap<>();
        regions.forEach((region, availability) -> paths.put(region, availability.miPath()));
        return new CatalogRoute(slug, status, successor, paths, updatedAt, routeVersion);
    }

    @Override
    public String contentHash() {
        return contentHash;
    }
}
