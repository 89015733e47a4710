package com.mi.poco.gateway.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mi.poco.gateway.redirect.LegacyRedirects;
import com.mi.poco.gateway.redirect.Redirect;
import com.mi.poco.gateway.redirect.RedirectStats;
import com.mi.poco.gateway.routes.LegacyRouteTable;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.net.URI;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** Ops endpoints under {@code /admin}: the route table, rule hits, unmatched URLs, a dry-run check. */
@ApplicationScoped
public class AdminRoutes {

    private static final int DEFAULT_UNMATCHED = 50;
    private static final int MAX_UNMATCHED = 1_000;
    private static final int MAX_HIT_MINUTES = 60;

    private final LegacyRouteTable table;
    private final LegacyRedirects redirects;
    private final RedirectStats stats;
    private final ObjectMapper json;

    public AdminRoutes(LegacyRouteTable table, LegacyRedirects redirects, RedirectStats stats, ObjectMapper json) {
        this.table = table;
        this.redirects = redirects;
        this.stats = stats;
        this.json = json;
    }

    void register(@Observes Router router) {
        router.get("/admin/routes/:slug").handler(this::route);
        router.get("/admin/redirects/rules").handler(context -> answer(context, stats.rules()));
        router.get("/admin/redirects/unmatched").handler(this::unmatched);
        router.get("/admin/redirects/hits").handler(this::hits);
        router.get("/admin/redirects/check").handler(this::check);
    }

    private void route(RoutingContext context) {
        String slug = context.pathParam("slug").toLowerCase(Locale.ROOT);
        table.route(slug).ifPresentOrElse(route -> answer(context, route),
                () -> Problems.send(context.response(), 404, "route-not-found", "Not found",
                        "No legacy route for product " + slug, context.request().path()));
    }

    private void unmatched(RoutingContext context) {
        int limit = number(context, "limit", DEFAULT_UNMATCHED, MAX_UNMATCHED);
        if (limit > 0) {
            answer(context, stats.unmatched(limit));
        }
    }

    /** Redirects per 10 s over the last {@code minutes} (1 to 60, default 60): the console's chart. */
    private void hits(RoutingContext context) {
        int minutes = number(context, "minutes", MAX_HIT_MINUTES, MAX_HIT_MINUTES);
        if (minutes > 0) {
            answer(context, stats.lastMinutes(minutes, Instant.now()));
        }
    }

    /** A query parameter from 1 to {@code max}, or its default; anything else is a 400 problem, and 0 is returned. */
    private static int number(RoutingContext context, String name, int defaultValue, int max) {
        String value = context.queryParams().get(name);
        int n;
        try {
            n = value == null ? defaultValue : Integer.parseInt(value);
        } catch (NumberFormatException notANumber) {
            n = -1;
        }
        if (n < 1 || n > max) {
            Problems.send(context.response(), 400, "validation", "Invalid request",
                    name + " must be a number from 1 to " + max, context.request().path());
            return 0;
        }
        return n;
    }

    /** What a URL would get, and by which rule, without counting it. */
    private void check(RoutingContext context) {
        String url = context.queryParams().get("url");
        String method = context.queryParams().contains("method") ? context.queryParams().get("method").toUpperCase(Locale.ROOT) : "GET";
        URI uri;
        try {
            uri = url == null ? null : new URI(url);
        } catch (java.net.URISyntaxException invalid) {
            uri = null;
        }
        if (uri == null || uri.getHost() == null) {
            Problems.send(context.response(), 400, "validation", "Invalid request",
                    "url must be an absolute URL, e.g. https://po.co/uk/product/poco-f6", context.request().path());
            return;
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("url", url);
        answer.put("legacyHost", redirects.isLegacyHost(uri.getHost()));
        if (redirects.isLegacyHost(uri.getHost())) {
            Redirect redirect = redirects.resolve(method, uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/"
                    : uri.getRawPath(), uri.getRawQuery());
            answer.put("status", redirect.status());
            answer.put("location", redirect.location());
            answer.put("rule", redirect.rule());
            answer.put("unmatched", redirect.unmatched());
        }
        answer(context, answer);
    }

    private void answer(RoutingContext context, Object body) {
        try {
            context.response().putHeader("Content-Type", "application/json").end(json.writeValueAsString(body));
        } catch (JsonProcessingException e) {
            context.fail(e);
        }
    }
}
