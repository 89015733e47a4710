package com.mi.poco.gateway.http;

import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * The pages people open, served on the APIs' origin from {@code META-INF/resources}: the customer page
 * ({@code /account/poco}) and the ops console ({@code /ops}), plain HTML, CSS and JavaScript under
 * {@code /assets}. The pages hold no data: their scripts call the APIs with the bearer token of the
 * tab, so who may see what is decided where it always is, by the gateway and each service.
 *
 * <p>Every answer here carries a strict Content-Security-Policy (scripts, styles and requests of this
 * origin only, nothing inline, no framing), and the pages themselves are never cached, so a new
 * release is picked up at the next load.
 */
@ApplicationScoped
public class Pages {

    static final String CONTENT_SECURITY_POLICY = String.join("; ",
            "default-src 'none'", "script-src 'self'", "style-src 'self'", "img-src 'self' data:",
            "connect-src 'self'", "base-uri 'none'", "form-action 'none'", "frame-ancestors 'none'");

    void register(@Observes Router router) {
        // plain paths, not patterns: every API request is matched against these routes on its way
        for (String page : new String[] {"/ops", "/account/poco"}) {
            // a route's path matches with or without its trailing slash: the page itself is its directory's index
            read(router, page).handler(context -> {
                if (context.request().path().endsWith("/")) {
                    secured(context, true);
                } else {
                    context.reroute(page + "/");
                }
            });
            read(router, page + "/index.html").handler(context -> secured(context, true));
        }
        read(router, "/assets/*").handler(context -> secured(context, false));
    }

    /**
     * A GET of {@code path}, and a HEAD, which answers the same headers (RFC 9110, 9.3.2): a route for GET
     * alone left a HEAD to Quarkus' static files without the headers above, or to a 404 for a page's
     * path without its slash.
     */
    private static Route read(Router router, String path) {
        return router.route(path).method(HttpMethod.GET).method(HttpMethod.HEAD);
    }

    /** Adds the security headers, then lets Quarkus serve the static file (or its 404). */
    private static void secured(RoutingContext context, boolean page) {
        MultiMap headers = context.response().headers();
        headers.set("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        headers.set("X-Content-Type-Options", "nosniff");
        headers.set("Referrer-Policy", "no-referrer");
        headers.set("Cache-Control", page ? "no-store" : "no-cache");
        context.next();
    }
}
