package com.mi.poco.gateway.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mi.poco.gateway.routes.LegacyRouteTable;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Locale;

/** Ops endpoints under {@code /admin}: what the gateway currently knows. */
@ApplicationScoped
public class AdminRoutes {

    private final LegacyRouteTable table;
    private final ObjectMapper json;

    public AdminRoutes(LegacyRouteTable table, ObjectMapper json) {
        this.table = table;
        this.json = json;
    }

    void register(@Observes Router router) {
        router.get("/admin/routes/:slug").handler(this::route);
    }

    private void route(RoutingContext context) {
        String slug = context.pathParam("slug").toLowerCase(Locale.ROOT);
        table.route(slug).ifPresentOrElse(route -> {
            try {
                context.response().putHeader("Content-Type", "application/json").end(json.writeValueAsString(route));
            } catch (JsonProcessingException e) {
                context.fail(e);
            }
        }, () -> Problems.send(context.response(), 404, "route-not-found", "Not found",
                "No legacy route for product " + slug, context.request().path()));
    }
}
