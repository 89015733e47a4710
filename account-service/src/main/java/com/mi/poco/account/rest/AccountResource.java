package com.mi.poco.account.rest;

import com.mi.poco.account.service.AccountMigrationView;
import com.mi.poco.account.service.AccountQueries;
import com.mi.poco.account.service.PersonalDataExport;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestPath;

@Path("/api/accounts")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Accounts")
public class AccountResource {

    private final AccountQueries queries;

    public AccountResource(AccountQueries queries) {
        this.queries = queries;
    }

    @GET
    @Path("/{pocoAccountId}/migration")
    @Operation(summary = "A POCO account's migration: its Mi account, state, and what each step reported")
    public AccountMigrationView migration(@RestPath String pocoAccountId) {
        return queries.accountMigration(pocoAccountId);
    }

    @GET
    @Path("/mi/{miAccountId}/poco-data")
    @Operation(summary = "Everything migrated from POCO for a Mi account that account-service holds")
    public PersonalDataExport pocoData(@RestPath String miAccountId) {
        return queries.personalData(miAccountId);
    }
}
