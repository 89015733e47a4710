package com.mi.poco.gateway.http;

import com.mi.poco.gateway.config.GatewayConfig;
import io.netty.channel.EventLoop;
import io.quarkus.runtime.Startup;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.impl.ContextInternal;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The services behind the gateway, by API prefix, and the pooled HTTP clients to reach them: one per
 * event loop, as nginx keeps upstream connections per worker. A connection belongs to the loop that
 * opened it; taken from a pool all loops share it is mostly another loop's, and each request then
 * crosses threads twice (profiled: a sixth of the gateway's samples ran such hand-offs).
 */
@ApplicationScoped
@Startup // its check of the two timeouts fails the start, not the first request
public class Upstreams {

    static final Set<String> HOP_BY_HOP = Set.of("connection", "keep-alive", "proxy-authenticate",
            "proxy-authorization", "te", "trailer", "transfer-encoding", "upgrade", "host");
    private static final int CONNECT_TIMEOUT_MS = 1_000;
    /** Per event loop: more than the requests one loop has in flight to a service under load (a request waits for a free one). */
    static final int MAX_CONNECTIONS_PER_SERVICE = 64;
    private static final Logger LOG = Logger.getLogger(Upstreams.class);

    /** A whole, small answer of a service. */
    public record Answer(int status, Buffer body) {
    }

    private final Map<String, URI> services;
    private final Vertx vertx;
    private final HttpClientOptions clientOptions;
    /**
     * Connections kept to each service by each event loop's client. Given apart: a client built with only
     * its options takes the default pool of 5, whatever {@code HttpClientOptions.setMaxPoolSize} says.
     */
    private final PoolOptions poolOptions = new PoolOptions().setHttp1MaxSize(MAX_CONNECTIONS_PER_SERVICE);
    private final Map<EventLoop, HttpClient> clients = new ConcurrentHashMap<>();

    public Upstreams(GatewayConfig config, Vertx vertx,
            @ConfigProperty(name = "quarkus.http.idle-timeout") Duration clientIdleTimeout) {
        requireClientsOutwaitSilentServices(clientIdleTimeout, config.upstreamSilenceLimit());
        this.services = config.services().entrySet().stream()
                .collect(Collectors.toMap(e -> e.getKey().toLowerCase(Locale.ROOT), e -> URI.create(e.getValue())));
        this.vertx = vertx;
        this.clientOptions = new HttpClientOptions()
                .setConnectTimeout(CONNECT_TIMEOUT_MS)
                .setKeepAlive(true)
                .setIdleTimeout((int) config.upstreamSilenceLimit().toMillis())
                .setIdleTimeoutUnit(TimeUnit.MILLISECONDS);
    }

    /**
     * A client's connection is closed after {@code clientIdleTimeout} with no byte either way, and a client
     * waiting for an answer sends nothing: were the service's silence limit the longer, the client would
     * lose its connection, no answer given, before the gateway answers it the 503 the limit is for.
     */
    static void requireClientsOutwaitSilentServices(Duration clientIdleTimeout, Duration upstreamSilenceLimit) {
        if (clientIdleTimeout.compareTo(upstreamSilenceLimit) <= 0) {
            throw new IllegalStateException("quarkus.http.idle-timeout (" + clientIdleTimeout
                    + ") must be longer than gateway.upstream.silence-limit (" + upstreamSilenceLimit
                    + "): a client waiting on a silent service would lose its connection before its 503");
        }
    }

    public Optional<URI> service(String prefix) {
        return Optional.ofNullable(services.get(prefix.toLowerCase(Locale.ROOT)));
    }

    /** What a GET the gateway makes of its own (the personal-data join) carries of the client's request. */
    static final Set<String> JOIN_ALLOWLIST = Set.of("authorization", "accept", "accept-language", "traceparent",
            "tracestate", "x-request-id");
    /** Describe a body: sent upstream only with one. */
    static final Set<String> BODY_HEADERS = Set.of("content-length", "content-type", "content-encoding");

    /**
     * For a request to a service: its failures reach the caller through its response (or the response's
     * body), and one the gateway resets itself (its client went away) is no error; without a handler
     * Vert.x logs each as one.
     */
    private static final Handler<Throwable> FAILURES_SEEN_ELSEWHERE = failure -> { };

    /**
     * A request to {@code service} carrying the client's {@code headers}, but the hop-by-hop ones, those
     * its {@code Connection} header names, and, without a body, those that describe one: a declared
     * body the gateway does not send would hold or poison a pooled upstream connection. The headers are
     * taken out of {@code headers} itself (nothing reads the client's headers after they are
     * forwarded, and the HTTP client copies them into its request anyway: a copy here too cost 2% of
     * the gateway's CPU per forwarded read).
     */
    public Future<HttpClientRequest> request(URI service, HttpMethod method, String uri, MultiMap headers, boolean withBody) {
        RequestOptions options = new RequestOptions()
                .setMethod(method)
                .setHost(service.getHost())
                .setPort(service.getPort())
                .setURI(uri);
        // a body the client framed as chunked is sent framed anew: its Content-Length (if it sent one too) is a lie
        boolean reframed = withBody && headers.contains(HttpHeaders.TRANSFER_ENCODING);
        withoutHopByHop(headers);
        if (!withBody) {
            BODY_HEADERS.forEach(headers::remove);
        } else if (reframed) {
            headers.remove(HttpHeaders.CONTENT_LENGTH);
        }
        options.setHeaders(headers);
        return client().request(options).onSuccess(request -> request.exceptionHandler(FAILURES_SEEN_ELSEWHERE));
    }

    /** GETs {@code uri} from the service of {@code prefix}, whole, with only the allowlisted headers of the client's. */
    public Future<Answer> get(String prefix, String uri, MultiMap headers) {
        URI service = services.get(prefix);
        MultiMap allowed = MultiMap.caseInsensitiveMultiMap();
        headers.forEach(header -> {
            if (JOIN_ALLOWLIST.contains(header.getKey().toLowerCase(Locale.ROOT))) {
                allowed.add(header.getKey(), header.getValue());
            }
        });
        return request(service, HttpMethod.GET, uri, allowed, false)
                .compose(HttpClientRequest::send)
                .compose(response -> response.body().map(body -> new Answer(response.statusCode(), body)));
    }

    /** The client of the event loop asking, made on its first request. */
    private HttpClient client() {
        EventLoop loop = ((ContextInternal) vertx.getOrCreateContext()).nettyEventLoop();
        return clients.computeIfAbsent(loop, l -> vertx.httpClientBuilder()
                .with(clientOptions)
                .with(poolOptions)
                .withConnectHandler(connection -> connection.exceptionHandler(IDLE_CONNECTION_LOST))
                .build());
    }

    /**
     * A pooled connection the service reset while it held no request (a service killed or restarted
     * resets the connections it kept alive): the pool lets go of it and the next request opens another,
     * so it is no one's error, as for nginx's upstream keepalive. A request in flight on it is failed
     * by its own handler and answered as a 503. Without a handler Vert.x logs each such reset as an error.
     */
    private static final Handler<Throwable> IDLE_CONNECTION_LOST = failure ->
            LOG.debugf("A service's pooled connection was lost: %s", failure);

    /**
     * {@code headers} without the hop-by-hop ones: those of this connection only, the standard ones and
     * those its {@code Connection} header names (RFC 9110 7.6.1). Names are matched in any case.
     */
    static MultiMap withoutHopByHop(MultiMap headers) {
        for (String connection : headers.getAll(HttpHeaders.CONNECTION)) {
            for (String name : connection.split(",")) {
                headers.remove(name.trim());
            }
        }
        HOP_BY_HOP.forEach(headers::remove);
        return headers;
    }
}
