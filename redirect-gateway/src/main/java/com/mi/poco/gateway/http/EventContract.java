package com.mi.poco.gateway.http;

import com.mi.poco.events.EventType;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;

/**
 * The contract for event subscribers, public like any API documentation: the AsyncAPI document at
 * {@code /events/asyncapi.yaml} and, beside it, the JSON Schema of each event type it references
 * ({@code /events/schemas/<type>.json}), both from the {@code events} module, read once.
 */
@ApplicationScoped
public class EventContract {

    private static final String DOCUMENT = "/asyncapi.yaml";

    private final Buffer document = Buffer.buffer(resource(DOCUMENT));
    private final Map<String, Buffer> schemas = new HashMap<>();

    public EventContract() {
        for (EventType type : EventType.values()) {
            String file = type.schemaResource().substring(type.schemaResource().lastIndexOf('/') + 1);
            schemas.put(file, Buffer.buffer(resource(type.schemaResource())));
        }
    }

    void register(@Observes Router router) {
        router.get("/events" + DOCUMENT).handler(context -> send(context, "application/yaml", document));
        router.get("/events/schemas/:file").handler(this::schema);
    }

    private void schema(RoutingContext context) {
        Buffer schema = schemas.get(context.pathParam("file"));
        if (schema == null) {
            Problems.send(context.response(), 404, "not-found", "Not Found",
                    "No event schema " + context.pathParam("file"), context.request().path());
            return;
        }
        send(context, "application/schema+json", schema);
    }

    private static void send(RoutingContext context, String mediaType, Buffer body) {
        context.response().putHeader("Content-Type", mediaType).putHeader("Cache-Control", "public, max-age=300").end(body);
    }

    private static byte[] resource(String name) {
        try (InputStream in = EventType.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("the events module has no " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
