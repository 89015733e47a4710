package com.mi.poco.coupon.rest;

import com.mi.poco.messaging.outbox.OutboxEndpoints;
import com.mi.poco.messaging.outbox.ParkedEvents;
import jakarta.ws.rs.Path;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** This service's parked outbox events, for ops ({@link OutboxEndpoints}). */
@Path("/api/coupons/outbox")
@Tag(name = "Outbox")
public class OutboxResource extends OutboxEndpoints {

    public OutboxResource(ParkedEvents parked) {
        super(parked);
    }
}
