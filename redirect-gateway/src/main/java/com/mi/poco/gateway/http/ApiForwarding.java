package com.mi.poco.gateway.http;

import io.vertx.core.http.HttpClientResponse;
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

    private static final Set<HttpMethod> BODY_METHODS = Set.of(HttpMethod.POST, HttpMethod.PUT, HttpMethod.PATCH);

    private final Upstreams upstreams;

    public ApiForwarding(Upstreams upstreams) {
        this.upstreams = upstreams;
    }

    void register(@Observes Router router) {
        router.route("/api/*").handler(this::forward);
    }

    private void forward(RoutingContext context) {
        HttpServerRequest request = context.request();
        String path = request.path();
        int end = path.indexOf('/', "/api/".length());
        String prefix = path.substring("/api/".length(), end < 0 ? path.length() : end).toLowerCase(Locale.ROOT);
        URI upstream = upstreams.service(prefix).orElse(null);
        if (upstream == null) {
            Problems.send(context.response(), 404, "not-found", "Not Found", "No API at " + path, path);
            return;
        }
        // A body is forwarded only where the method has one; a GET's declared body is not (request smuggling)
        boolean withBody = BODY_METHODS.contains(request.method());
        request.pause();
        upstreams.request(upstream, request.method(), request.uri(), request.headers(), withBody)
                .compose(upstreamRequest -> {
                    if (withBody) {
                        return upstreamRequest.send(request);
                    }
                    request.resume(); // what a client sent with a GET is read and dropped
                    return upstreamRequest.send();
                })
                .onSuccess(response -> relay(response, context.response()))
                .onFailure(failure -> {
                    request.resume();
                    Problems.unavailable(context.response(), prefix, path);
                });
    }

    private static void relay(HttpClientResponse upstream, HttpServerResponse response) {
        response.setStatusCode(upstream.statusCode());
        upstream.headers().forEach(header -> {
            if (!Upstreams.HOP_BY_HOP.contains(header.getKey().toLowerCase(Locale.ROOT))) {
                response.headers().add(header.getKey(), header.getValue());
            }
        });
        if (!response.headers().contains("Content-Length")) {
            response.setChunked(true);
        }
        stream(upstream, response);
    }

    /**
     * The body, chunk by chunk, with back-pressure (the service is read no faster than the client
     * takes it). A client that goes away mid-answer drops the upstream stream too; nothing is written
     * into its closed response (Vert.x's {@code pipeTo} would, and log each time as an error). A
     * service that fails mid-body resets the client's stream, so a cut answer is not taken for whole.
     */
    private static void stream(HttpClientResponse upstream, HttpServerResponse response) {
        response.closeHandler(closed -> upstream.request().reset());
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
