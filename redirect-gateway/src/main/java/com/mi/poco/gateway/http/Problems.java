package com.mi.poco.gateway.http;

import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;

/** problem+json answers (RFC 9457) written straight to a Vert.x response, as the services write them. */
public final class Problems {

    private static final String TYPE_BASE = "https://poco-migration.mi.com/problems/";

    public static void send(HttpServerResponse response, int status, String slug, String title, String detail,
            String instance) {
        if (response.ended()) {
            return;
        }
        JsonObject body = new JsonObject()
                .put("type", TYPE_BASE + slug)
                .put("title", title)
                .put("status", status)
                .put("detail", detail);
        if (instance != null) {
            body.put("instance", instance);
        }
        response.setStatusCode(status)
                .putHeader("Content-Type", "application/problem+json")
                .end(body.encode());
    }

    public static void unavailable(HttpServerResponse response, String service, String instance) {
        send(response, 503, "service-unavailable", "Service Unavailable",
                "The " + service + " service cannot be reached; try again later", instance);
    }

    private Problems() {
    }
}
