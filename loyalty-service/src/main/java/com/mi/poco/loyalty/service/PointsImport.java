package com.mi.poco.loyalty.service;

import com.mi.poco.loyalty.PocoPointsEntry;
import com.mi.poco.loyalty.imports.PointsLine;
import com.mi.poco.platform.imports.ImportReport;
import com.mi.poco.platform.imports.ImportedRecords;
import com.mi.poco.platform.imports.NdjsonImporter;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.InputStream;

/** Imports {@code points.jsonl}. Entries of an account that has already migrated are converted late. */
@ApplicationScoped
public class PointsImport {

    private final NdjsonImporter importer;
    private final ImportedRecords records;

    public PointsImport(NdjsonImporter importer, ImportedRecords records) {
        this.importer = importer;
        this.records = records;
    }

    public ImportReport points(InputStream body, Long length, long firstLine) {
        return importer.importLines(body, length, firstLine, PointsLine.class,
                records.storeOnce(PocoPointsEntry.class, "entryId", PointsLine::entryId, PocoPointsEntry::of)
                        .inBulk(PocoPointsEntry.INSERT));
    }
}
