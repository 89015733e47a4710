package com.mi.poco.gateway.routes;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.mi.poco.events.CatalogRoute;
import com.mi.poco.gateway.config.GatewayConfig;
import com.mi.poco.gateway.redirect.LegacyRedirects;
import com.mi.poco.gateway.redirect.Redirect;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The redirect contract of docs/contracts.md as a table, on {@link LegacyRedirects} alone (no Quarkus,
 * no broker), over a route table filled here. {@code LegacyRedirectTest} checks the same contract over
 * HTTP with the table fed through the real broker.
 */
class RedirectRuleTest {

    private static final LegacyRedirects REDIRECTS = new LegacyRedirects(table(), new DefaultConfig());

    @ParameterizedTest(name = "{0} {1}?{2} → {3} {4}")
    @CsvSource(nullValues = "-", textBlock = """
            GET,  /,                              -,        301, https://www.mi.com/global/poco/
            GET,  /uk,                            -,        301, https://www.mi.com/uk/poco/
            GET,  /UK/,                           -,        301, https://www.mi.com/uk/poco/
            GET,  /fr/product/poco-x7-pro,        -,        301, https://www.mi.com/fr/product/poco-x7-pro/
            GET,  /UK/Product/POCO-X7-PRO/,       ref=mail, 301, https://www.mi.com/uk/product/poco-x7-pro/?ref=mail
            GET,  /product/poco-x7-pro,           -,        301, https://www.mi.com/global/product/poco-x7-pro/
            HEAD, /uk/product/poco-x7-pro,        -,        301, https://www.mi.com/uk/product/poco-x7-pro/
            POST, /uk/product/poco-x7-pro,        -,        308, https://www.mi.com/uk/product/poco-x7-pro/
            GET,  /es/product/poco-x7-pro,        -,        301, https://www.mi.com/es/poco/
            GET,  /uk/product/poco-f4,            -,        301, https://www.mi.com/uk/product/poco-f6/
            GET,  /uk/product/poco-f3,            -,        410, https://www.mi.com/uk/poco/
            GET,  /uk/product/no-such-phone,      -,        301, https://www.mi.com/uk/poco/
            GET,  /uk/support/warranty/claims,    -,        301, https://www.mi.com/uk/support/warranty/claims
            GET,  /uk/points,                     -,        301, https://www.mi.com/uk/points/
            GET,  /de/orders/123,                 -,        301, https://www.mi.com/de/account/
            GET,  /it/app,                        -,        301, https://www.mi.com/it/app/
            GET,  /uk/anything/else,              -,        301, https://www.mi.com/uk/poco/
            GET,  /in/product/poco-c75,           a=1,      301, https://www.poco.in/product/poco-c75?a=1
            GET,  /uk//product///poco-x7-pro//,   -,        301, https://www.mi.com/uk/product/poco-x7-pro/
            GET,  /uk/product/..%2f..%2fevil,     -,        400, -
            GET,  /uk/product/%2F%2Fevil.example, -,        400, -
            GET,  /uk/support/..,                 -,        400, -
            GET,  /uk/support/%2e%2e/%2E%2e/x,    -,        400, -
            GET,  /in/product/.%2e/admin,         -,        400, -
            GET,  /in/product/%2E./admin,         -,        400, -
            GET,  /uk/support/%2e/warranty,       -,        301, https://www.mi.com/uk/support/warranty
            GET,  /uk/support/.../%2e%2e%2e,      -,        301, https://www.mi.com/uk/support/.../%2e%2e%2e
            GET,  /uk/support/a%0d%0aSet-Cookie:x,-,        400, -
            """)
    void answersByTheContract(String method, String path, String query, int status, String location) {
        Redirect redirect = REDIRECTS.resolve(method, path, query);
        assertAll(method + " " + path,
                () -> assertEquals(status, redirect.status(), "status"),
                () -> assertEquals(location, redirect.location(), "location"));
    }

    /** poco-x7-pro everywhere but es; poco-f4 → poco-f5 → poco-f6 discontinued in a chain; poco-f3 gone. */
    private static LegacyRouteTable table() {
        LegacyRouteTable table = new LegacyRouteTable();
        Instant at = Instant.parse("2025-01-09T00:00:00Z");
        Map<String, String> everywhere = Map.of("global", "/global/product/poco-x7-pro/", "uk", "/uk/product/poco-x7-pro/",
                "fr", "/fr/product/poco-x7-pro/");
        table.apply(List.of(
                change(new CatalogRoute("poco-x7-pro", CatalogRoute.Status.ACTIVE, null, everywhere, at, 1)),
                change(new CatalogRoute("poco-f6", CatalogRoute.Status.ACTIVE, null,
                        Map.of("uk", "/uk/product/poco-f6/"), at, 2)),
                change(new CatalogRoute("poco-f5", CatalogRoute.Status.DISCONTINUED, "poco-f6", Map.of(), at, 3)),
                change(new CatalogRoute("poco-f4", CatalogRoute.Status.DISCONTINUED, "poco-f5", Map.of(), at, 4)),
                change(new CatalogRoute("poco-f3", CatalogRoute.Status.DISCONTINUED, null, Map.of(), at, 5))));
        return table;
    }

    private static LegacyRouteTable.Change change(CatalogRoute route) {
        return new LegacyRouteTable.Change(route.slug(), route);
    }

    /** The gateway's configuration as shipped ({@code @WithDefault}s and application.properties' sections). */
    private static final class DefaultConfig implements GatewayConfig {
        public List<String> legacyHosts() { return List.of("po.co", "www.po.co", "m.po.co"); }
        public List<String> miRegions() { return List.of("global", "uk", "fr", "de", "es", "it"); }
        public String miBase() { return "https://www.mi.com"; }
        public String indiaRegion() { return "in"; }
        public String indiaBase() { return "https://www.poco.in"; }
        public String defaultRegion() { return "global"; }
        public Map<String, String> sections() {
            return Map.of("points", "points", "coupons", "coupons", "account", "account", "user", "account",
                    "orders", "account", "app", "app");
        }
        public String home() { return "poco"; }
        public int maxSuccessorChain() { return 32; }
        public Map<String, String> services() { return Map.of(); }
        public int anonymousLimit() { return 120; }
        public int couponLookupLimit() { return 30; }
        public Duration rateLimitWindow() { return Duration.ofMinutes(1); }
        public int rateLimitMaxClients() { return 100_000; }
        public Duration fallbackMaxAge() { return Duration.ofHours(1); }
        public Duration upstreamSilenceLimit() { return Duration.ofSeconds(120); }
        public WarmUpConfig warmUp() { return null; } // not a rule of the resolver
    }
}
