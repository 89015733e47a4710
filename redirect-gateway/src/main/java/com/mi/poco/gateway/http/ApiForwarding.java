package com.mi.poco.gateway.http;

import com.mi.poco.gateway.config.GatewayConfig;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.RequestOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.net.URI;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The front door for web clients: {@code /api/<prefix>/...} is forwarded to the service that owns
 * the prefix, with its method, headers (but hop-by-hop ones), body (streamed both ways) and status.
 * A service that cannot be reached is a quick 503 problem, not a hang.
 */
@ApplicationScoped
public class ApiForwarding {

    private static final Set<String> HOP_BY_HOP = Set.of("connection", "keep-alive", "proxy-authenticate",
            "proxy-authorization", "te", "trailer", "transfer-encoding", "upgrade", "host");
    private static final int CONNECT_TIMEOUT_MS = 1_000;
    private static final long RESPONSE_TIMEOUT_MS = 120_000;

    private final Map<String, URI> upstreams;
    private final HttpClient client;

    public ApiForwarding(GatewayConfig config, Vertx vertx) {
        this.upstreams = config.services().entrySet().stream()
                .collect(Collectors.toMap(e -> e.getKey().toLowerCase(Locale.ROOT), e -> URI.create(e.getValue())));
        this.client = vertx.createHttpClient(new HttpClientOptions()
                .setConnectTimeout(CONNECT_TIMEOUT_MS)
                .setKeepAlive(true)
                .setMaxPoolSize(64));
    }

    void register(@Observes Router router) {
        router.route("/api/*").handler(this::forward);
    }

    private void forward(RoutingContext context) {
        HttpServerRequest request = context.request();
        String path = request.path();
        int end = path.indexOf('/', "/api/".length());
        String prefix = path.substring("/api/".length(), end < 0 ? path.length() : end).toLowerCase(Locale.ROOT);
        URI upstream = upstreams.get(prefix);
        if (upstream == null) {
            Problems.send(context.response(), 404, "not-found", "Not Found", "No API at " + path, path);
            return;
        }
        request.pause();
        RequestOptions options = new RequestOptions()
                .setMethod(request.method())
                .setHost(upstream.getHost())
                .setPort(upstream.getPort())
                .setURI(request.uri())
                .setTimeout(RESPONSE_TIMEOUT_MS);
        request.headers().forEach(header -> {
            if (!HOP_BY_HOP.contains(header.getKey().toLowerCase(Locale.ROOT))) {
                options.addHeader(header.getKey(), header.getValue());
            }
        });
        client.request(options)
                .compose(upstreamRequest -> upstreamRequest.send(request))
                .onSuccess(response -> relay(response, context.response()))
                .onFailure(failure -> {
                    request.resume();
                    Problems.send(context.response(), 503, "service-unavailable", "Service Unavailable",
                            "The " + prefix + " service cannot be reached; try again later", path);
                });
    }

    private static void relay(HttpClientResponse upstream, HttpServerResponse response) {
        response.setStatusCode(upstream.statusCode());
        upstream.headers().forEach(header -> {
            if (!HOP_BY_HOP.contains(header.getKey().toLowerCase(Locale.ROOT))) {
                response.headers().add(header.getKey(), header.getValue());
            }
        });
        if (!response.headers().contains("Content-Length")) {
            response.setChunked(true);
        }
        upstream.pipeTo(response);
    }
}
