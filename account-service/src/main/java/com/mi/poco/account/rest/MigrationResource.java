package com.mi.poco.account.rest;

import com.mi.poco.platform.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import com.mi.poco.account.Migration;
import com.mi.poco.account.service.AccountMigrator;
import com.mi.poco.account.service.AccountQueries;
import com.mi.poco.account.service.MigrationProgress;
import com.mi.poco.account.service.MigrationRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestResponse;

/** Bulk migrations: started with 202 and followed at their own location. */
@Path("/api/migrations")
@RolesAllowed(Roles.OPS)
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Migrations")
public class MigrationResource {

    private final AccountMigrator migrator;
    private final AccountQueries queries;

    public MigrationResource(AccountMigrator migrator, AccountQueries queries) {
        this.migrator = migrator;
        this.queries = queries;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Migrate accounts: {\"pocoAccountIds\":[...]}, {\"region\":\"uk\"} or {\"all\":true}")
    public RestResponse<MigrationProgress> start(@NotNull @Valid MigrationRequest request, UriInfo uri) {
        Migration migration = migrator.start(request);
        return RestResponse.ResponseBuilder.<MigrationProgress>accepted(queries.progress(migration.id))
                .location(uri.getAbsolutePathBuilder().path(migration.id.toString()).build())
                .build();
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "A migration's progress: its accounts per state")
    public MigrationProgress progress(@RestPath UUID id) {
        return queries.progress(id);
    }
}
