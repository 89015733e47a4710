package com.mi.poco.gateway.http;

import com.mi.poco.web.Problem;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.Json;

/** problem+json answers (RFC 9457) written straight to a Vert.x response: the services' {@link Problem}, the same types. */
public final class Problems {

    public static void send(HttpServerResponse response, int status, String slug, String title, String detail,
            String instance) {
        send(response, Problem.of(slug, title, status, detail).withInstance(instance));
    }

    public static void send(HttpServerResponse response, Problem problem) {
        if (response.ended()) {
            return;
        }
        response.setStatusCode(problem.status())
                .putHeader("Content-Type", Problem.MEDIA_TYPE)
                .end(Json.encode(problem));
    }

    public static void unavailable(HttpServerResponse response, String service, String instance) {
        send(response, 503, "service-unavailable", "Service Unavailable",
                "The " + service + " service cannot be reached; try again later", instance);
    }

    private Problems() {
    }
}
