package com.mi.poco.gateway.http;

import com.github.benmanes.caffeine.cache.Ticker;
import com.mi.poco.gateway.config.GatewayConfig;
import com.mi.poco.web.Problem;
import com.mi.poco.web.RememberedTokens;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;

/**
 * The gateway's abuse limits, per client address and window (a minute by default), answered with 429 and
 * {@code Retry-After}: API and admin requests without a bearer token that verifies (none, forged,
 * expired or for another audience: {@link RememberedTokens}), and every legacy-coupon
 * lookup (a code is a secret: guessing must stay slow, token or not). The legacy redirects are not
 * limited: they are answered from memory faster than a limiter could count them, and carry no data.
 * A request to the API or admin routes whose bearer token does not verify is answered 401 here (after
 * it is counted), so no service is asked with it, and an admin request without one too; the gateway
 * makes an identity only where a permission asks for one ({@code /admin/*}). The client address is the
 * connection's, or the forwarded one when {@code quarkus.http.proxy.proxy-address-forwarding} is on
 * behind a trusted proxy.
 */
@ApplicationScoped
public class RateLimits {

    private static final String COUPON_LOOKUP = "/api/coupons/legacy/";

    private final FixedWindowLimiter anonymous;
    private final FixedWindowLimiter couponLookups;
    private final RememberedTokens tokens;
    /** The address the gateway's own warm-up connects from while it runs ({@link WarmUp}); null after. */
    private volatile String warmingUpFrom;

    public RateLimits(GatewayConfig config, RememberedTokens tokens) {
        this.tokens = tokens;
        this.anonymous = new FixedWindowLimiter(config.anonymousLimit(), config.rateLimitWindow(),
                config.rateLimitMaxClients(), Ticker.systemTicker());
        this.couponLookups = new FixedWindowLimiter(config.couponLookupLimit(), config.rateLimitWindow(),
                config.rateLimitMaxClients(), Ticker.systemTicker());
    }

    void register(@Observes Router router) {
        // right after the legacy hosts' redirects (MIN_VALUE), before authentication and any API route
        router.route().order(Integer.MIN_VALUE + 1).handler(this::limit);
    }

    private void limit(RoutingContext context) {
        HttpServerRequest request = context.request();
        // the path the services will match: escapes of plain characters decoded, dot segments resolved,
        // and any case, so that /api/coupons/%6Cegacy/… or /api/coupons/x/../legacy/… is counted too
        String path = context.normalizedPath().toLowerCase(Locale.ROOT);
        if (path.startsWith("/api/") && path.indexOf(';') >= 0) {
            refuseParameters(context);
            return;
        }
        String client = clientKey(request.remoteAddress() == null ? null : request.remoteAddress().host());
        boolean api = path.startsWith("/api/") || path.startsWith("/admin/");
        String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
        boolean verified = api && tokens.verifies(authorization);
        long wait = 0;
        if (warmingUp(request)) {
            // not counted: its requests are to take the paths a client's take, not to be answered 429
        } else if (path.startsWith(COUPON_LOOKUP)) {
            wait = couponLookups.acquire(client);
        } else if (api && !verified) {
            wait = anonymous.acquire(client);
        }
        if (wait == 0 && api && !verified && RememberedTokens.isBearer(authorization)) {
            // a bad token stops here, whatever the path: no service is asked with it
            context.response().putHeader("WWW-Authenticate", "Bearer error=\"invalid_token\"");
            Problems.send(context.response(), 401, "unauthorized", "Unauthorized",
                    "The bearer token does not verify (forged, expired or for another audience)", request.path());
            return;
        }
        if (wait == 0 && !verified && path.startsWith("/admin/")) {
            // every admin route is for ops (quarkus.http.auth.permission.admin): answered as the API answers
            // a missing token, where Quarkus' challenge would be an empty 401
            context.response().putHeader("WWW-Authenticate", "Bearer");
            Problems.send(context.response(), Problem.unauthenticated().withInstance(request.path()));
            return;
        }
        if (wait == 0) {
            context.next();
            return;
        }
        context.response().putHeader(HttpHeaders.RETRY_AFTER, Long.toString(wait));
        path = request.path();
        Problems.send(context.response(), 429, "too-many-requests", "Too many requests",
                "Too many requests from this address; retry after " + wait + " s", path);
    }

    /**
     * A {@code ;} in an API path: the services drop what follows it in a segment (matrix parameters) before
     * they match the path, so they would serve another path than the one routed and counted here
     * ({@code /api/coupons/legacy;x/CODE} is a coupon lookup there, and escaped the lookup limit). This API
     * has no matrix parameters; a {@code ;} that belongs to an id is sent encoded, {@code %3B}, and
     * forwarded as data.
     */
    private static void refuseParameters(RoutingContext context) {
        Problems.send(context.response(), 400, "bad-path", "Bad request",
                "A ';' in an API path is not accepted (this API has no matrix parameters); send one that is part of a value as %3B",
                context.request().path());
    }

    /**
     * Whether the request is the warm-up's: it runs before the gateway is ready, and its connections come
     * from {@code address}, a loopback address no client has. The connection's own peer is compared, not
     * a forwarded address a client could write.
     */
    private boolean warmingUp(HttpServerRequest request) {
        String from = warmingUpFrom;
        return from != null && request.connection().remoteAddress() != null
                && from.equals(request.connection().remoteAddress().host());
    }

    /** The warm-up's requests from {@code address} are counted by no limit until {@link #warmedUp}. */
    void warmingUp(String address) {
        warmingUpFrom = address;
    }

    /** The warm-up is over: its address is counted again, from nothing. */
    void warmedUp() {
        String from = warmingUpFrom;
        warmingUpFrom = null;
        if (from != null) {
            forget(from);
        }
    }

    /** Forgets what {@code client} (an address) has used of the limits. */
    void forget(String client) {
        anonymous.forget(clientKey(client));
        couponLookups.forget(clientKey(client));
    }

    /**
     * Whom a limit counts: an IPv4 address, or an IPv6 address's /64 network, which one subscriber
     * usually holds whole (counting each of its 2^64 addresses apart would limit nothing).
     */
    static String clientKey(String host) {
        if (host == null || host.indexOf(':') < 0) {
            return host == null ? "unknown" : host;
        }
        try {
            byte[] address = InetAddress.getByName(host).getAddress(); // a literal: no lookup
            if (address.length != 16) {
                return host;
            }
            StringBuilder network = new StringBuilder();
            for (int i = 0; i < 8; i += 2) {
                network.append(Integer.toHexString(((address[i] & 0xff) << 8) | (address[i + 1] & 0xff))).append(':');
            }
            return network.append(":/64").toString();
        } catch (UnknownHostException notALiteral) {
            return host;
        }
    }
}
