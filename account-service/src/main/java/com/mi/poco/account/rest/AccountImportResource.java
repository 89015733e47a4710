package com.mi.poco.account.rest;

import com.mi.poco.account.service.LegacyImport;
import com.mi.poco.platform.imports.ImportEndpoint;
import com.mi.poco.platform.imports.NdjsonImporter;
import jakarta.ws.rs.Path;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Imports of account-service's files: accounts, mi-accounts (Xiaomi accounts that exist already), orders, feedback. */
@Path("/api/accounts/imports")
@Tag(name = "Imports")
public class AccountImportResource extends ImportEndpoint {

    public AccountImportResource(NdjsonImporter importer, LegacyImport imports) {
        super(importer, imports.files());
    }
}
