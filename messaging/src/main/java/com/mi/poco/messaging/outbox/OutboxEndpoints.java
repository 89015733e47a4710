package com.mi.poco.messaging.outbox;

import com.mi.poco.platform.problem.ProblemException;
import com.mi.poco.platform.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.resteasy.reactive.RestQuery;

/**
 * The outbox's ops endpoints; each service mounts them under its own API path
 * ({@code /api/loyalty/outbox}) with a subclass that only names the path.
 */
@Produces(MediaType.APPLICATION_JSON)
public abstract class OutboxEndpoints {

    private static final int MAX_LISTED = 1000;

    /** The parked events to republish; none named: all of them. */
    public record RepublishRequest(List<UUID> ids) {
    }

    private final ParkedEvents parked;

    protected OutboxEndpoints(ParkedEvents parked) {
        this.parked = parked;
    }

    @GET
    @Path("/parked")
    @Operation(summary = "Events the broker refused outbox.max-attempts times, parked so that they block nothing")
    @RolesAllowed(Roles.OPS)
    public ParkedEvents.Listing parked(@RestQuery @DefaultValue("100") @Min(0) @Max(MAX_LISTED) int limit) {
        return parked.list(limit);
    }

    @POST
    @Path("/parked/republish")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Give parked events back to the relay: {\"ids\":[...]}, or {} for all")
    @RolesAllowed(Roles.OPS)
    public ParkedEvents.Republished republish(RepublishRequest request) {
        List<UUID> ids = request == null ? null : request.ids();
        if (ids != null && ids.stream().anyMatch(Objects::isNull)) {
            throw ProblemException.badRequest("invalid-republish-request", "ids holds a null: name each event by its id");
        }
        return parked.republish(ids);
    }
}
