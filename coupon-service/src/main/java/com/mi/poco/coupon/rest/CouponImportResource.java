package com.mi.poco.coupon.rest;

import com.mi.poco.coupon.PocoCoupon;
import com.mi.poco.coupon.imports.CouponLine;
import com.mi.poco.platform.imports.ImportEndpoint;
import com.mi.poco.platform.imports.ImportedFile;
import com.mi.poco.platform.imports.ImportedRecords;
import com.mi.poco.platform.imports.NdjsonImporter;
import jakarta.ws.rs.Path;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Imports of coupons.jsonl, the coupons POCO issued. Coupons of an account that has already migrated are decided late. */
@Path("/api/coupons/imports")
@Tag(name = "Imports")
public class CouponImportResource extends ImportEndpoint {

    public CouponImportResource(NdjsonImporter importer, ImportedRecords records) {
        super(importer, List.of(new ImportedFile<>("coupons", CouponLine.class,
                () -> records.storeOnce(PocoCoupon.class, "code", CouponLine::code, PocoCoupon::of).inBulk(PocoCoupon.INSERT))));
    }
}
