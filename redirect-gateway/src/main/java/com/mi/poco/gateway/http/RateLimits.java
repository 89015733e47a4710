package com.mi.poco.gateway.http;

import com.mi.poco.gateway.config.GatewayConfig;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * The gateway's abuse limits, per client address and window (a minute by default), answered with 429 and
 * {@code Retry-After}: API and admin requests without a bearer token, and every legacy-coupon
 * lookup (a code is a secret: guessing must stay slow, token or not). The legacy redirects are not
 * limited: they are answered from memory faster than a limiter could count them, and carry no data.
 * The client address is the connection's, or the forwarded one when
 * {@code quarkus.http.proxy.proxy-address-forwarding} is on behind a trusted proxy.
 */
@ApplicationScoped
public class RateLimits {

    private static final String COUPON_LOOKUP = "/api/coupons/legacy/";

    private final FixedWindowLimiter anonymous;
    private final FixedWindowLimiter couponLookups;

    public RateLimits(GatewayConfig config) {
        long window = config.rateLimitWindow().toMillis();
        this.anonymous = new FixedWindowLimiter(config.anonymousLimit(), window, config.rateLimitMaxClients());
        this.couponLookups = new FixedWindowLimiter(config.couponLookupLimit(), window, config.rateLimitMaxClients());
    }

    void register(@Observes Router router) {
        // right after the legacy hosts' redirects (MIN_VALUE), before authentication and any API route
        router.route().order(Integer.MIN_VALUE + 1).handler(this::limit);
    }

    private void limit(RoutingContext context) {
        HttpServerRequest request = context.request();
        String path = request.path();
        String client = request.remoteAddress() == null ? "unknown" : request.remoteAddress().host();
        long now = System.currentTimeMillis();
        long wait = 0;
        if (path.startsWith(COUPON_LOOKUP)) {
            wait = couponLookups.acquire(client, now);
        } else if ((path.startsWith("/api/") || path.startsWith("/admin/")) && request.getHeader(HttpHeaders.AUTHORIZATION) == null) {
            wait = anonymous.acquire(client, now);
        }
        if (wait == 0) {
            context.next();
            return;
        }
        context.response().putHeader(HttpHeaders.RETRY_AFTER, Long.toString(wait));
        Problems.send(context.response(), 429, "too-many-requests", "Too many requests",
                "Too many requests from this address; retry after " + wait + " s", path);
    }
}
