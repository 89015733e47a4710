package com.mi.poco.messaging.deadletters;

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
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.resteasy.reactive.RestQuery;

/**
 * The dead letters' ops endpoints; each consuming service mounts them under its own API path
 * ({@code /api/loyalty/dead-letters}) with a subclass that only names the path.
 */
@Produces(MediaType.APPLICATION_JSON)
public abstract class DeadLetterEndpoints {

    private static final int MAX_LISTED = 1000;

    private final DeadLetterQueue queue;

    protected DeadLetterEndpoints(DeadLetterQueue queue) {
        this.queue = queue;
    }

    @GET
    @Operation(summary = "The dead letters waiting: total, count per reason, the oldest (at most limit)")
    @RolesAllowed(Roles.OPS)
    public DeadLetterQueue.Listing list(@RestQuery @DefaultValue("100") @Min(0) @Max(MAX_LISTED) int limit, @RestQuery String reason) {
        return queue.list(limit, reason);
    }

    @POST
    @Path("/replay")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Replays dead letters: {\"all\":true} | {\"reason\":\"missing-field\"} | {\"eventIds\":[...]}")
    @RolesAllowed(Roles.OPS)
    public DeadLetterQueue.Replayed replay(DeadLetterQueue.Selection selection) {
        if (selection == null) {
            return queue.replay(new DeadLetterQueue.Selection(null, null, null));
        }
        return queue.replay(selection);
    }
}
