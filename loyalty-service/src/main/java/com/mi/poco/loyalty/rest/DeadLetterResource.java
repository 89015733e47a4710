package com.mi.poco.loyalty.rest;

import com.mi.poco.messaging.deadletters.DeadLetterEndpoints;
import com.mi.poco.messaging.deadletters.DeadLetterQueue;
import jakarta.ws.rs.Path;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** This service's dead letters, for ops: listed and replayed ({@link DeadLetterEndpoints}). */
@Path("/api/loyalty/dead-letters")
@Tag(name = "Dead letters")
public class DeadLetterResource extends DeadLetterEndpoints {

    public DeadLetterResource(DeadLetterQueue queue) {
        super(queue);
    }
}
