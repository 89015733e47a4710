package com.mi.poco.gateway.redirect;

import com.mi.poco.gateway.config.GatewayConfig;
import com.mi.poco.gateway.http.Problems;
import com.mi.poco.gateway.routes.RouteTableLoading;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.net.HostAndPort;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Answers every request to a legacy POCO host, before any other route, on the event loop: a table
 * lookup and a header, nothing blocking. Requests to other hosts go on to the API routes.
 */
@ApplicationScoped
public class LegacyRedirectRoute {

    private static final String GONE_PAGE = "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">"
            + "<title>No longer sold</title></head><body><h1>This POCO product is no longer sold</h1>"
            + "<p>See <a href=\"%s\">POCO on mi.com</a>.</p></body></html>";

    /** Rules that answer with a fallback page: cached for a while only, so a mapping added later takes effect. */
    private static final java.util.Set<String> FALLBACK_RULES = java.util.Set.of("product-unknown", "product-not-in-region",
            "other");

    private final LegacyRedirects redirects;
    private final RedirectStats stats;
    private final RouteTableLoading loading;
    private final String fallbackCacheControl;

    public LegacyRedirectRoute(LegacyRedirects redirects, RedirectStats stats, RouteTableLoading loading,
            GatewayConfig config) {
        this.redirects = redirects;
        this.stats = stats;
        this.loading = loading;
        this.fallbackCacheControl = "max-age=" + config.fallbackMaxAge().toSeconds();
    }

    void register(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).handler(this::handle);
    }

    private void handle(RoutingContext context) {
        HttpServerRequest request = context.request();
        if (!redirects.isLegacyHost(requestedHost(request))) {
            context.next();
            return;
        }
        if (!loading.loaded()) {
            // a permanent answer now would be cached for good: tell the client to come back instead
            context.response().putHeader(HttpHeaders.RETRY_AFTER, "1");
            Problems.send(context.response(), 503, "routes-loading", "Service Unavailable",
                    "The redirect table is still loading; try again in a moment", null);
            return;
        }
        Redirect redirect = redirects.resolve(request.method().name(), request.path(), request.query());
        stats.record(redirect, request.path());
        HttpServerResponse response = context.response();
        switch (redirect.status()) {
            case 410 -> response.setStatusCode(410)
                    .putHeader(HttpHeaders.CONTENT_TYPE, "text/html; charset=utf-8")
                    .end(GONE_PAGE.formatted(redirect.location()));
            case 400 -> Problems.send(response, 400, redirect.rule(), "Bad request",
                    "This URL cannot be redirected safely", null);
            default -> fallbackCached(redirect, response).setStatusCode(redirect.status())
                    .putHeader(HttpHeaders.LOCATION, redirect.location())
                    .putHeader(HttpHeaders.CONTENT_LENGTH, "0")
                    .end();
        }
    }

    /**
     * The host a request is for. A request line in absolute form ({@code GET http://po.co/uk/ HTTP/1.1},
     * as clients write to a proxy) names it, and its Host header is then ignored (RFC 9112, 3.2.2), as
     * nginx does; Vert.x's {@code authority()} is the Host header's whatever the request line says. An
     * authority that is no host[:port] ({@code po.co@evil.example}) names no host; null then.
     */
    static String requestedHost(HttpServerRequest request) {
        String target = request.uri();
        int scheme = target.indexOf("://");
        if (scheme > 0 && target.charAt(0) != '/') {
            int start = scheme + "://".length();
            int end = start;
            while (end < target.length() && "/?#".indexOf(target.charAt(end)) < 0) {
                end++;
            }
            HostAndPort named = HostAndPort.parseAuthority(target.substring(start, end), -1);
            return named == null ? null : named.host();
        }
        HostAndPort authority = request.authority();
        return authority == null ? null : authority.host();
    }

    private HttpServerResponse fallbackCached(Redirect redirect, HttpServerResponse response) {
        return FALLBACK_RULES.contains(redirect.rule()) ? response.putHeader(HttpHeaders.CACHE_CONTROL, fallbackCacheControl)
                : response;
    }
}
