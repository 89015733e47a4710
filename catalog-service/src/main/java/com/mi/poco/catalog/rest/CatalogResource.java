package com.mi.poco.catalog.rest;

import jakarta.annotation.security.PermitAll;
import com.mi.poco.platform.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import com.mi.poco.catalog.Product;
import com.mi.poco.catalog.imports.ProductLine;
import com.mi.poco.catalog.service.Catalog;
import com.mi.poco.platform.problem.ProblemException;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jboss.resteasy.reactive.RestResponse;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

@Path("/api/catalog")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Catalog")
public class CatalogResource {

    private final Catalog catalog;

    public CatalogResource(Catalog catalog) {
        this.catalog = catalog;
    }

    @GET
    @Path("/products")
    @Operation(summary = "Products by slug, a page at a time")
    @PermitAll // the catalog is what mi.com shows anyone
    public List<Product> products(@RestQuery @DefaultValue("0") @Min(0) int page,
            @RestQuery @DefaultValue("100") @Min(1) @Max(1000) int size) {
        return catalog.products(page, size);
    }

    @GET
    @Path("/products/{slug}")
    @Operation(summary = "One product; its ETag is its version, for a conditional PUT or DELETE (If-Match)")
    @PermitAll
    public RestResponse<Product> product(@RestPath String slug) {
        Product product = catalog.product(slug).orElseThrow(() -> ProblemException.notFound("product", slug));
        return RestResponse.ResponseBuilder.ok(product).tag(Long.toString(Product.entityTag(product))).build();
    }

    @PUT
    @Path("/products/{slug}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create or replace a product; its route is published. With If-Match (the version read; "
            + "\"0\" for a product that must not exist yet), a product changed since is a 409")
    @RolesAllowed(Roles.OPS)
    public RestResponse<Product> put(@RestPath String slug, @RestHeader("If-Match") String ifMatch,
            @NotNull @Valid ProductLine product) {
        Product stored = catalog.put(slug, product, expectedVersion(ifMatch));
        return RestResponse.ResponseBuilder.ok(stored).tag(Long.toString(Product.entityTag(stored))).build();
    }

    @DELETE
    @Path("/products/{slug}")
    @Operation(summary = "Remove a product; its route is removed. With If-Match, only at that version (else 409)")
    @RolesAllowed(Roles.OPS)
    public void delete(@RestPath String slug, @RestHeader("If-Match") String ifMatch) {
        catalog.delete(slug, expectedVersion(ifMatch));
    }

    /** An If-Match of one entity tag, a version: {@code "3"} (or {@code W/"3"}, or bare); none means unconditional. */
    private static Optional<Long> expectedVersion(String ifMatch) {
        if (ifMatch == null || ifMatch.isBlank()) {
            return Optional.empty();
        }
        java.util.regex.Matcher tag = ENTITY_TAG.matcher(ifMatch.trim());
        if (!tag.matches()) {
            throw ProblemException.badRequest("bad-if-match", "If-Match must be one version as read in the ETag, e.g. \"3\"");
        }
        return Optional.of(Long.parseLong(tag.group(1)));
    }

    private static final java.util.regex.Pattern ENTITY_TAG = java.util.regex.Pattern.compile("(?:W/)?\"?(\\d{1,18})\"?");

    @POST
    @Path("/routes/republish")
    @Operation(summary = "Publish every product's route again")
    @RolesAllowed(Roles.OPS)
    public Map<String, Long> republish() {
        return Map.of("published", catalog.republish());
    }
}
