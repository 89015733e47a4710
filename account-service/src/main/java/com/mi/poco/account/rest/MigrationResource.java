package com.mi.poco.account.rest;

import com.mi.poco.account.BulkMigration;
import com.mi.poco.account.service.AccountMigrator;
import com.mi.poco.account.service.AccountQueries;
import com.mi.poco.account.service.MigrationProgress;
import com.mi.poco.account.service.MigrationRequest;
import com.mi.poco.account.service.MigrationVerification;
import com.mi.poco.platform.security.Roles;
import com.mi.poco.platform.verification.Verifier;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;
import org.jboss.resteasy.reactive.RestResponse;

/** Bulk migrations: started with 202 and followed at their own location. */
@Path("/api/migrations")
@RolesAllowed(Roles.OPS)
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Migrations")
public class MigrationResource {

    private final AccountMigrator migrator;
    private static final int MAX_LATEST = 100;

    private final AccountQueries queries;
    private final MigrationVerification verification;

    public MigrationResource(AccountMigrator migrator, AccountQueries queries, MigrationVerification verification) {
        this.migrator = migrator;
        this.queries = queries;
        this.verification = verification;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Migrate accounts: {\"pocoAccountIds\":[...]}, {\"region\":\"uk\"} or {\"all\":true}")
    public RestResponse<MigrationProgress> start(@NotNull @Valid MigrationRequest request, UriInfo uri) {
        BulkMigration migration = migrator.start(request);
        // A relative reference (RFC 9110 10.2.2): it resolves against the host the client asked, so a
        // migration started through the gateway is followed through the gateway, not at this service's address.
        return RestResponse.ResponseBuilder.<MigrationProgress>accepted(queries.progress(migration.id))
                .header(HttpHeaders.LOCATION, uri.getPath() + "/" + migration.id)
                .build();
    }

    @GET
    @Operation(summary = "The latest bulk migrations, newest first (at most limit, 1 to 100)")
    public List<MigrationProgress> latest(@RestQuery @DefaultValue("10") @Min(1) @Max(MAX_LATEST) int limit) {
        return queries.latest(limit);
    }

    @GET
    @Path("/verification")
    @Operation(summary = "account-service's part of the migration verification (bin/migrate verify joins all three), "
            + "from kept totals; audit=true recounts every migrated account and compares")
    public Verifier.Verification verification(@RestQuery UUID migration,
            @RestQuery @DefaultValue("20") @Min(0) @Max(Verifier.MAX_LISTED) int listed,
            @RestQuery @DefaultValue("false") boolean audit) {
        return verification.verify(migration, listed, audit);
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "A migration's progress: its accounts per state")
    public MigrationProgress progress(@RestPath UUID id) {
        return queries.progress(id);
    }

    @POST
    @Path("/{id}/pause")
    @Operation(summary = "Pause a running migration after its current batch (409 once finished)")
    public MigrationProgress pause(@RestPath UUID id) {
        migrator.pause(id);
        return queries.progress(id);
    }

    @POST
    @Path("/{id}/resume")
    @Operation(summary = "Resume a paused migration from where it stopped (409 once finished)")
    public MigrationProgress resume(@RestPath UUID id) {
        migrator.resume(id);
        return queries.progress(id);
    }
}
