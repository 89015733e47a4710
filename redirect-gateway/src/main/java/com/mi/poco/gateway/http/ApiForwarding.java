package com.mi.poco.gateway.http;

import io.vertx.core.Future;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.net.URI;
import java.util.Locale;
import java.util.Set;

/**
 * The front door for web clients: {@code /api/<prefix>/...} is forwarded to the service that owns
 * the prefix, with its method, headers (but hop-by-hop ones), body (streamed both ways) and status.
 * A service that cannot be reached is a quick 503 problem, not a hang.
 */
@ApplicationScoped
public class ApiForwarding {

    /** Answers up to this size are relayed whole, larger ones streamed. */
    private static final long WHOLE_ANSWER_MAX = 64 * 1024;
    private static final String API = "/api/";
    private static final Set<HttpMethod> BODY_METHODS = Set.of(HttpMethod.POST, HttpMethod.PUT, HttpMethod.PATCH);

    private final Upstreams upstreams;

    public ApiForwarding(Upstreams upstreams) {
        this.upstreams = upstreams;
    }

    void register(@Observes Router router) {
        // Right after the limiter (which has answered a bad token) and the personal-data join, and before
        // Quarkus' HTTP security filters: they serve /admin/* only (no permission names /api/*, and the
        // gateway authenticates nothing it forwards; the services do) and cost a forwarded read about 8%
        // of the gateway's CPU for nothing.
        router.route(API + "*").order(Integer.MIN_VALUE + 3).handler(this::forward);
    }

    /**
     * The path routed and forwarded is the one the router matched: normalized (RFC 3986: unreserved
     * characters decoded, dot segments removed; {@code %2F} stays encoded). Forwarded as the client
     * wrote it, {@code /api/loyalty/%2e%2e/accounts/...} would go to loyalty-service (its first
     * segment) and mean {@code /api/accounts/...} there, once that service resolved the dots: the
     * service chosen and the resource it serves must agree, as nginx's {@code proxy_pass} with a URI
     * forwards the normalized path too.
     */
    private void forward(RoutingContext context) {
        HttpServerRequest request = context.request();
        String path = context.normalizedPath();
        String prefix = prefix(path);
        URI upstream = upstreams.service(prefix).orElse(null);
        if (upstream == null) {
            Problems.send(context.response(), 404, "not-found", "Not Found", "No API at " + path, path);
            return;
        }
        // A body is forwarded only where the method has one; a GET's declared body is not (request smuggling)
        boolean withBody = BODY_METHODS.contains(request.method());
        if (!request.isEnded()) {
            request.pause(); // until the service's connection is there
        }
        String query = request.query();
        String uri = query == null ? path : path + '?' + query;
        upstreams.request(upstream, request.method(), uri, request.headers(), withBody)
                .compose(upstreamRequest -> {
                    if (withBody) {
                        return sendBody(request, upstreamRequest);
                    }
                    resumeUnlessEnded(request); // what a client sent with a GET is read and dropped
                    return upstreamRequest.send();
                })
                .onSuccess(response -> relay(response, context.response(), path))
                .onFailure(failure -> {
                    Problems.unavailable(context.response(), prefix, path);
                    resumeUnlessEnded(request); // the rest of the body, if any, is read and dropped
                });
    }

    /**
     * The API prefix of {@code path}: its segment after {@code /api/}, empty for {@code /api} itself
     * (which the route {@code /api/*} matches too) and for {@code /api/}, whose answer is the 404 of a
     * path no service serves.
     */
    private static String prefix(String path) {
        if (path.length() <= API.length()) {
            return "";
        }
        int end = path.indexOf('/', API.length());
        return path.substring(API.length(), end < 0 ? path.length() : end).toLowerCase(Locale.ROOT);
    }

    /**
     * The client's body to the service as it comes, with back-pressure: the client is read no faster than
     * the service takes it. If the service's request fails (it went away while it held it), the rest of
     * the body is read and dropped, and the client answered. (Vert.x's {@code send(ReadStream)} went on
     * writing into the failed request, which threw on the event loop, and over HTTP/2 the client never
     * got an answer.)
     */
    private static Future<HttpClientResponse> sendBody(HttpServerRequest request, HttpClientRequest upstream) {
        if (!upstream.headers().contains(HttpHeaders.CONTENT_LENGTH)) {
            upstream.setChunked(true);
        }
        Future<HttpClientResponse> answer = upstream.response();
        if (request.isEnded()) {
            upstream.end();
            return answer;
        }
        request.handler(chunk -> {
            if (answer.failed()) {
                return;
            }
            upstream.write(chunk);
            if (upstream.writeQueueFull()) {
                request.pause();
                upstream.drainHandler(drained -> resumeUnlessEnded(request));
            }
        });
        request.endHandler(end -> {
            if (!answer.failed()) {
                upstream.end();
            }
        });
        request.exceptionHandler(clientGone -> upstream.reset()); // the service gets no half a body as whole
        request.resume();
        return answer;
    }

    /** Lets what is left of the client's request come, to whichever handler it has now; an ended request has nothing left. */
    private static void resumeUnlessEnded(HttpServerRequest request) {
        if (!request.isEnded()) {
            request.resume(); // over HTTP/2, resuming an ended request throws
        }
    }

    private static void relay(HttpClientResponse upstream, HttpServerResponse response, String path) {
        response.setStatusCode(upstream.statusCode());
        Upstreams.withoutHopByHop(response.headers().addAll(upstream.headers()));
        response.closeHandler(closed -> upstream.request().reset());
        long length = contentLength(upstream);
        if (length >= 0 && length <= WHOLE_ANSWER_MAX) {
            relayWhole(upstream, response, path);
            return;
        }
        if (length < 0) {
            response.setChunked(true);
        }
        stream(upstream, response);
    }

    /**
     * A small answer of declared length, most of the API's, is read whole and sent with its headers in
     * one piece. Nothing is sent before it is whole, so one the service cuts short is a 502 problem
     * the client can read, not a connection reset.
     */
    private static void relayWhole(HttpClientResponse upstream, HttpServerResponse response, String path) {
        upstream.body().onComplete(body -> {
            if (response.closed() || response.ended()) {
                return;
            }
            if (body.succeeded()) {
                response.end(body.result());
            } else {
                response.headers().clear();
                Problems.send(response, 502, "bad-gateway", "Bad Gateway",
                        "The service's answer was cut short; try again", path);
            }
        });
    }

    /** The answer's declared length, or -1 where it has none (chunked) or an unreadable one. */
    private static long contentLength(HttpClientResponse upstream) {
        String length = upstream.getHeader(HttpHeaders.CONTENT_LENGTH);
        try {
            return length == null ? -1 : Long.parseLong(length.trim());
        } catch (NumberFormatException unreadable) {
            return -1;
        }
    }

    /**
     * The body, chunk by chunk, with back-pressure (the service is read no faster than the client
     * takes it). A client that goes away mid-answer drops the upstream stream too; nothing is written
     * into its closed response (Vert.x's {@code pipeTo} would, and log each time as an error). A
     * service that fails mid-body resets the client's stream, so a cut answer is not taken for whole.
     */
    private static void stream(HttpClientResponse upstream, HttpServerResponse response) {
        upstream.handler(chunk -> {
            if (response.closed() || response.ended()) {
                return;
            }
            response.write(chunk);
            if (response.writeQueueFull()) {
                upstream.pause();
                response.drainHandler(drained -> upstream.resume());
            }
        });
        upstream.exceptionHandler(failure -> {
            if (!response.closed() && !response.ended()) {
                response.reset();
            }
        });
        upstream.endHandler(end -> {
            if (!response.closed() && !response.ended()) {
                response.end();
            }
        });
    }
}
