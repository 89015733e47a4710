package com.mi.poco.loyalty.rest;

import com.mi.poco.loyalty.service.LoyaltyQueries;
import com.mi.poco.loyalty.service.LoyaltyViews;
import com.mi.poco.loyalty.service.PointsVerification;
import com.mi.poco.platform.security.Caller;
import com.mi.poco.platform.security.Roles;
import com.mi.poco.platform.verification.Verifier;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

@Path("/api/loyalty")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Loyalty")
public class LoyaltyResource {

    private final LoyaltyQueries queries;
    private final Caller caller;
    private final PointsVerification verification;

    public LoyaltyResource(LoyaltyQueries queries, Caller caller, PointsVerification verification) {
        this.verification = verification;
        this.queries = queries;
        this.caller = caller;
    }

    @GET
    @Path("/accounts/mi/{miAccountId}")
    @Operation(summary = "A Mi account's points: balance and ledger, with the entries that came from POCO")
    @RolesAllowed({Roles.OPS, Roles.CUSTOMER})
    public LoyaltyViews.MiLedger miLedger(@RestPath String miAccountId) {
        caller.requireHolderOrOps(miAccountId);
        return queries.miLedger(miAccountId);
    }

    @GET
    @Path("/accounts/poco/{pocoAccountId}")
    @Operation(summary = "A POCO account's legacy ledger and what became of each entry")
    @RolesAllowed(Roles.OPS)
    public LoyaltyViews.PocoLedger pocoLedger(@RestPath String pocoAccountId) {
        return queries.pocoLedger(pocoAccountId);
    }

    @GET
    @Path("/reconciliation")
    @Operation(summary = "Conservation over all conversions: POCO points converted, Mi points credited, remainders",
            description = "From the totals the database keeps as rows are written (constant time); with audit=true,"
                    + " every row is counted anew (it grows with the tables) and the kept totals are checked against it")
    @RolesAllowed(Roles.OPS)
    public LoyaltyViews.Reconciliation reconciliation(@RestQuery @DefaultValue("false") boolean audit) {
        return queries.reconciliation(audit);
    }

    @GET
    @Path("/verification")
    @Operation(summary = "loyalty-service's part of the migration verification (bin/migrate verify joins all three)",
            description = "From the totals the database keeps as rows are written; with audit=true, every migrated"
                    + " account is checked anew and the kept totals are compared with the recount")
    @RolesAllowed(Roles.OPS)
    public Verifier.Verification verification(@RestQuery @DefaultValue("20") @Min(0) @Max(Verifier.MAX_LISTED) int listed,
            @RestQuery @DefaultValue("false") boolean audit) {
        return verification.verify(listed, audit);
    }
}
