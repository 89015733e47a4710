package com.mi.poco.catalog.imports;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.mi.poco.events.CatalogRoute;
import com.mi.poco.platform.regions.KnownRegion;
import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.LocalDate;
import java.util.Map;

/**
 * One line of {@code products.jsonl}, and the body of a product change: where the product is sold on
 * mi.com, per region. Only a discontinued product has a successor.
 */
public record ProductLine(
        @NotBlank @Pattern(regexp = SLUG, message = "must be a lower-case slug") String slug,
        @NotBlank @Size(max = 200) String name,
        @NotNull CatalogRoute.Status status,
        @Pattern(regexp = SLUG, message = "must be a lower-case slug") String successor,
        @NotEmpty Map<@NotNull @KnownRegion String, @NotNull @Valid Availability> regions) {

    public static final String SLUG = "[a-z0-9][a-z0-9-]{0,127}";

    /** The product's page on mi.com in one region. */
    public record Availability(
            @NotBlank @Size(max = 512)
            @Pattern(regexp = CatalogRoute.MI_PATH, message = "must be a path on mi.com: one leading slash, no empty or .. segment")
            String miPath,
            LocalDate launchedAt) {
    }

    @JsonIgnore
    @AssertTrue(message = "only a DISCONTINUED product has a successor, and not itself")
    public boolean isSuccessorConsistent() {
        return successor == null || (status == CatalogRoute.Status.DISCONTINUED && !successor.equals(slug));
    }
}
