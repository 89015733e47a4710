package com.mi.poco.gateway.http;

import com.mi.poco.gateway.config.GatewayConfig;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** The services behind the gateway, by API prefix, and one pooled HTTP client to reach them. */
@ApplicationScoped
public class Upstreams {

    static final Set<String> HOP_BY_HOP = Set.of("connection", "keep-alive", "proxy-authenticate",
            "proxy-authorization", "te", "trailer", "transfer-encoding", "upgrade", "host");
    private static final int CONNECT_TIMEOUT_MS = 1_000;
    private static final long RESPONSE_TIMEOUT_MS = 120_000;

    /** A whole, small answer of a service. */
    public record Answer(int status, Buffer body) {
    }

    private final Map<String, URI> services;
    private final HttpClient client;

    public Upstreams(GatewayConfig config, Vertx vertx) {
        this.services = config.services().entrySet().stream()
                .collect(Collectors.toMap(e -> e.getKey().toLowerCase(Locale.ROOT), e -> URI.create(e.getValue())));
        this.client = vertx.createHttpClient(new HttpClientOptions()
                .setConnectTimeout(CONNECT_TIMEOUT_MS)
                .setKeepAlive(true)
                .setMaxPoolSize(64));
    }

    public Optional<URI> service(String prefix) {
        return Optional.ofNullable(services.get(prefix.toLowerCase(Locale.ROOT)));
    }

    /** A request to {@code service} carrying {@code headers} but the hop-by-hop ones. */
    public Future<HttpClientRequest> request(URI service, HttpMethod method, String uri, MultiMap headers) {
        RequestOptions options = new RequestOptions()
                .setMethod(method)
                .setHost(service.getHost())
                .setPort(service.getPort())
                .setURI(uri)
                .setTimeout(RESPONSE_TIMEOUT_MS);
        headers.forEach(header -> {
            if (!HOP_BY_HOP.contains(header.getKey().toLowerCase(Locale.ROOT))) {
                options.addHeader(header.getKey(), header.getValue());
            }
        });
        return client.request(options);
    }

    /** GETs {@code uri} from the service of {@code prefix}, whole. */
    public Future<Answer> get(String prefix, String uri, MultiMap headers) {
        URI service = services.get(prefix);
        return request(service, HttpMethod.GET, uri, headers)
                .compose(HttpClientRequest::send)
                .compose(response -> response.body().map(body -> new Answer(response.statusCode(), body)));
    }
}
