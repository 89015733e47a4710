package com.mi.poco.web;

import io.netty.handler.codec.http.HttpResponseStatus;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.Json;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * What the HTTP layer refuses before any resource or route of ours runs, answered as problem+json like
 * everything else a client gets wrong:
 * <ul>
 * <li>a request the router cannot take, such as one whose {@code Host} header is no host[:port]
 * ({@code po.co:abc}, {@code po.co:80@evil.com}): Quarkus' error page answered it with a 400 status, a
 * text body reading "500 - Internal Server Error" and an ERROR in the log, for the client's mistake;</li>
 * <li>a permission of {@code quarkus.http.auth.permission.*} that fails (the gateway's {@code /admin/*}):
 * Quarkus answered with an empty 401 or 403.</li>
 * </ul>
 * A failure with no client status (a bug of ours) is left to Quarkus: a 500 with a reference, logged.
 * The resources' own failures never come here: each service maps them itself (platform's
 * {@code ProblemMapper}), the gateway answers its own.
 */
@ApplicationScoped
public class HttpLayerProblems {

    void register(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).failureHandler(this::answer);
    }

    private void answer(RoutingContext context) {
        Problem problem = problem(context);
        HttpServerResponse response = context.response();
        if (problem == null || response.headWritten()) {
            context.next();
            return;
        }
        if (problem.status() == 401) {
            response.putHeader("WWW-Authenticate", "Bearer");
        }
        response.setStatusCode(problem.status())
                .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                .end(Json.encode(problem.withInstance(context.request().path())));
    }

    /** The client's problem with the request, or null where the failure is not the client's. */
    static Problem problem(RoutingContext context) {
        Throwable failure = context.failure();
        if (failure instanceof AuthenticationFailedException || failure instanceof UnauthorizedException) {
            return Problem.unauthenticated();
        }
        if (failure instanceof ForbiddenException) {
            return Problem.forbidden();
        }
        int status = context.statusCode();
        if (status < 400 || status >= 500) {
            return null;
        }
        if (status == 400 && context.request().authority() == null) {
            return Problem.of("bad-host", "Bad request", 400,
                    "An HTTP/1.1 request names its host in a Host header: a host name or address, and a port");
        }
        String title = HttpResponseStatus.valueOf(status).reasonPhrase();
        return Problem.ofStatus(title, status, "The request was refused before it reached the API: " + title);
    }
}
