package com.mi.poco.platform.text;

import com.mi.poco.platform.problem.ProblemException;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.Priorities;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * A path or query that decodes to a NUL ({@code %00}; raw control bytes do not get past the HTTP
 * parser) is a 400 before it is matched, after authentication ({@code AuthenticationFirst}), so a
 * stranger still learns nothing but 401.
 */
public class NulFreeRequests {

    @ServerRequestFilter(preMatching = true, priority = Priorities.USER + 1)
    public void refuseNul(HttpServerRequest request) {
        if (request.uri().contains("%00")) {
            throw ProblemException.badRequest("invalid-character",
                    "The request's path or query holds %00: " + StorableText.NUL_REFUSED);
        }
    }
}
