package com.mi.poco.account.rest;

import com.mi.poco.platform.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import com.mi.poco.account.service.LegacyImport;
import com.mi.poco.platform.imports.ImportReport;
import com.mi.poco.platform.imports.NdjsonImporter;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.io.InputStream;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.RestQuery;

/**
 * Imports of account-service's files of the POCO export, as NDJSON streamed in the body. A file too
 * large for one request is sent in parts, each with {@code firstLine} set so rejections keep their
 * line numbers in the whole file.
 */
@Path("/api/accounts/imports")
@RolesAllowed(Roles.OPS)
@Consumes(NdjsonImporter.MEDIA_TYPE)
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Imports")
public class ImportResource {

    private final LegacyImport imports;

    public ImportResource(LegacyImport imports) {
        this.imports = imports;
    }

    @POST
    @Path("/accounts")
    @Operation(summary = "Import accounts.jsonl")
    public ImportReport accounts(InputStream body, @RestHeader("Content-Length") Long length,
            @RestQuery @DefaultValue("1") long firstLine) {
        return imports.accounts(body, length, firstLine);
    }

    @POST
    @Path("/mi-accounts")
    @Operation(summary = "Import mi-accounts.jsonl (Xiaomi accounts that already exist)")
    public ImportReport miAccounts(InputStream body, @RestHeader("Content-Length") Long length,
            @RestQuery @DefaultValue("1") long firstLine) {
        return imports.miAccounts(body, length, firstLine);
    }

    @POST
    @Path("/orders")
    @Operation(summary = "Import orders.jsonl (orders with their shipments)")
    public ImportReport orders(InputStream body, @RestHeader("Content-Length") Long length,
            @RestQuery @DefaultValue("1") long firstLine) {
        return imports.orders(body, length, firstLine);
    }

    @POST
    @Path("/feedback")
    @Operation(summary = "Import feedback.jsonl")
    public ImportReport feedback(InputStream body, @RestHeader("Content-Length") Long length,
            @RestQuery @DefaultValue("1") long firstLine) {
        return imports.feedback(body, length, firstLine);
    }
}
