package com.mi.poco.account.rest;

import com.mi.poco.platform.problem.ProblemException;
import com.mi.poco.platform.security.Caller;
import com.mi.poco.platform.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import com.mi.poco.account.service.AccountErasure;
import com.mi.poco.account.service.AccountMigrationView;
import com.mi.poco.account.service.AccountQueries;
import com.mi.poco.account.service.PersonalDataExport;
import jakarta.ws.rs.DELETE;
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
    private final AccountErasure erasure;
    private final Caller caller;

    public AccountResource(AccountQueries queries, AccountErasure erasure, Caller caller) {
        this.queries = queries;
        this.erasure = erasure;
        this.caller = caller;
    }

    @GET
    @Path("/{pocoAccountId}/migration")
    @Operation(summary = "A POCO account's migration: its Mi account, state, and what each step reported")
    @RolesAllowed({Roles.OPS, Roles.CUSTOMER})
    public AccountMigrationView migration(@RestPath String pocoAccountId) {
        AccountMigrationView view = queries.accountMigration(pocoAccountId);
        if (!caller.mayRead(view.miAccountId())) {
            // another customer's account, or one not migrated yet: as if it did not exist
            throw ProblemException.notFound("POCO account", pocoAccountId);
        }
        return view;
    }

    @GET
    @Path("/mi/{miAccountId}/poco-data")
    @Operation(summary = "Everything migrated from POCO for a Mi account that account-service holds")
    @RolesAllowed(Roles.CUSTOMER)
    public PersonalDataExport pocoData(@RestPath String miAccountId) {
        caller.requireHolder(miAccountId);
        return queries.personalData(miAccountId);
    }

    @DELETE
    @Path("/mi/{miAccountId}/poco-data")
    @RolesAllowed(Roles.OPS)
    @Operation(summary = "Erase a Mi account's migrated personal data (right to be forgotten); every service follows")
    public AccountErasure.Erasure erase(@RestPath String miAccountId) {
        return erasure.erase(miAccountId);
    }
}
