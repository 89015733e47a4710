package com.mi.poco.loyalty.rest;

import com.mi.poco.loyalty.PocoPointsEntry;
import com.mi.poco.loyalty.imports.PointsLine;
import com.mi.poco.platform.imports.ImportEndpoint;
import com.mi.poco.platform.imports.ImportedFile;
import com.mi.poco.platform.imports.ImportedRecords;
import com.mi.poco.platform.imports.NdjsonImporter;
import jakarta.ws.rs.Path;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Imports of points.jsonl, the POCO points ledger. Entries of an account that has already migrated are converted late. */
@Path("/api/loyalty/imports")
@Tag(name = "Imports")
public class PointsImportResource extends ImportEndpoint {

    public PointsImportResource(NdjsonImporter importer, ImportedRecords records) {
        super(importer, List.of(new ImportedFile<>("points", PointsLine.class,
                () -> records.storeOnce(PocoPointsEntry.class, "entryId", PointsLine::entryId, PocoPointsEntry::of)
                        .inBulk(PocoPointsEntry.INSERT))));
    }
}
