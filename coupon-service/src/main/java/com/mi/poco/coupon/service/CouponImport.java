package com.mi.poco.coupon.service;

import com.mi.poco.coupon.PocoCoupon;
import com.mi.poco.coupon.imports.CouponLine;
import com.mi.poco.platform.imports.ImportReport;
import com.mi.poco.platform.imports.ImportedRecords;
import com.mi.poco.platform.imports.NdjsonImporter;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.InputStream;

/** Imports {@code coupons.jsonl}. Coupons of an account that has already migrated are decided late. */
@ApplicationScoped
public class CouponImport {

    private final NdjsonImporter importer;
    private final ImportedRecords records;

    public CouponImport(NdjsonImporter importer, ImportedRecords records) {
        this.importer = importer;
        this.records = records;
    }

    public ImportReport coupons(InputStream body, Long length, long firstLine) {
        return importer.importLines(body, length, firstLine, CouponLine.class,
                records.storeOnce(PocoCoupon.class, "code", CouponLine::code, PocoCoupon::of)
                        .inBulk(PocoCoupon.INSERT));
    }
}
