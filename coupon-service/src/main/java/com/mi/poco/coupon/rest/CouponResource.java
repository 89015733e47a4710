package com.mi.poco.coupon.rest;

import com.mi.poco.coupon.service.CouponQueries;
import com.mi.poco.coupon.service.CouponRedemption;
import com.mi.poco.coupon.service.CouponVerification;
import com.mi.poco.coupon.service.CouponViews;
import com.mi.poco.platform.security.Caller;
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
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

@Path("/api/coupons")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Coupons")
public class CouponResource {

    private final CouponQueries queries;
    private final CouponRedemption redemption;
    private final Caller caller;

    private final CouponVerification verification;

    public CouponResource(CouponQueries queries, CouponRedemption redemption, Caller caller, CouponVerification verification) {
        this.verification = verification;
        this.queries = queries;
        this.redemption = redemption;
        this.caller = caller;
    }

    @GET
    @Path("/verification")
    @Operation(summary = "coupon-service's part of the migration verification (bin/migrate verify joins all three)",
            description = "From the totals the database keeps as rows are written; with audit=true, every migrated"
                    + " account is checked anew and the kept totals are compared with the recount")
    @RolesAllowed(Roles.OPS)
    public Verifier.Verification verification(@RestQuery @DefaultValue("20") @Min(0) @Max(Verifier.MAX_LISTED) int listed,
            @RestQuery @DefaultValue("false") boolean audit) {
        return verification.verify(listed, audit);
    }

    @GET
    @Path("/mi/{miAccountId}")
    @Operation(summary = "A Mi account's coupons")
    @RolesAllowed({Roles.OPS, Roles.CUSTOMER})
    public List<CouponViews.MiCouponView> miCoupons(@RestPath String miAccountId) {
        caller.requireHolderOrOps(miAccountId);
        return queries.miCoupons(miAccountId);
    }

    @GET
    @Path("/mi/{miAccountId}/legacy")
    @Operation(summary = "What became of each POCO coupon of the accounts migrated to a Mi account; new codes only for the holder")
    @RolesAllowed({Roles.OPS, Roles.CUSTOMER})
    public List<CouponViews.LegacyCouponView> legacyCoupons(@RestPath String miAccountId) {
        caller.requireHolderOrOps(miAccountId);
        return queries.legacyOf(miAccountId, caller);
    }

    @GET
    @Path("/mi/{miAccountId}/poco-data")
    @Operation(summary = "coupon-service's part of a Mi account's personal-data export: its Mi coupons and its POCO coupons' fate",
            description = "The two reads above in one answer, as the gateway's export joins it")
    @RolesAllowed({Roles.OPS, Roles.CUSTOMER})
    public CouponViews.PocoData pocoData(@RestPath String miAccountId) {
        caller.requireHolderOrOps(miAccountId);
        return queries.pocoData(miAccountId, caller);
    }

    @GET
    @Path("/legacy/{code}")
    @Operation(summary = "What became of a POCO coupon code; its new code only for the account holder")
    @RolesAllowed({Roles.OPS, Roles.CUSTOMER})
    public CouponViews.LegacyCouponView legacy(@RestPath String code) {
        return queries.legacy(code, caller);
    }

    @POST
    @Path("/redeem")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Redeem a Mi coupon (single use)")
    @RolesAllowed({Roles.OPS, Roles.CUSTOMER})
    public CouponViews.MiCouponView redeem(@NotNull @Valid CouponViews.RedeemRequest request) {
        return CouponViews.MiCouponView.of(redemption.redeem(request.code(), request.orderId(), caller));
    }

    @GET
    @Path("/summary")
    @Operation(summary = "Every reissue decision so far, counted",
            description = "From the counts the database keeps as rows are written (constant time); with audit=true,"
                    + " every row is counted anew (it grows with the tables) and the kept counts are checked against it")
    @RolesAllowed(Roles.OPS)
    public CouponViews.ReissueSummary summary(@RestQuery @DefaultValue("false") boolean audit) {
        return queries.summary(audit);
    }
}
