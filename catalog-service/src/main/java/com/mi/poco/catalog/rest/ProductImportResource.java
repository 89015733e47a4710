package com.mi.poco.catalog.rest;

import com.mi.poco.catalog.service.Catalog;
import com.mi.poco.platform.imports.ImportEndpoint;
import com.mi.poco.platform.imports.NdjsonImporter;
import jakarta.ws.rs.Path;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Imports of products.jsonl; each product stored publishes its route, as a write through the catalog does. */
@Path("/api/catalog/imports")
@Tag(name = "Imports")
public class ProductImportResource extends ImportEndpoint {

    public ProductImportResource(NdjsonImporter importer, Catalog catalog) {
        super(importer, List.of(catalog.productsFile()));
    }
}
