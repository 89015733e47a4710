package com.mi.poco.gateway.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** The redirect contract's tables (docs/contracts.md): legacy hosts, regions and their targets, sections. */
@ConfigMapping(prefix = "gateway")
public interface GatewayConfig {

    /** Hosts of the shut-down POCO site; matched without port and case. */
    @WithDefault("po.co,www.po.co,m.po.co")
    List<String> legacyHosts();

    /** Regions whose pages live on mi.com, under {@code <mi-base>/<region>/}. */
    @WithDefault("global,uk,fr,de,es,it")
    List<String> miRegions();

    @WithDefault("https://www.mi.com")
    String miBase();

    /** POCO India keeps its own site and paths: never sent to mi.com. */
    @WithDefault("in")
    String indiaRegion();

    @WithDefault("https://www.poco.in")
    String indiaBase();

    /** The region of a path with no known region prefix. */
    @WithDefault("global")
    String defaultRegion();

    /** First path segment → target section under the region; {@code product} and {@code support} are special. */
    Map<String, String> sections();

    /** Where anything else goes, under the region. */
    @WithDefault("poco")
    String home();

    /** Longest successor chain followed (the catalog refuses loops; this bounds a bad table). */
    @WithDefault("32")
    int maxSuccessorChain();

    /** Upstream services by API prefix (accounts, migrations, loyalty, coupons, catalog). */
    Map<String, String> services();

    /**
     * A service silent this long on a connection with a request in flight (no byte either way) fails
     * that request: the client gets a 503 problem instead of waiting as long as it would. Kept per
     * connection (the upstream clients' idle timeout) rather than per request: a timer set and
     * cancelled for each request cost a forwarded read 4% of the gateway's CPU. An idle pooled
     * connection is closed at this limit or at the pool's keep-alive timeout (60 s), whichever is sooner.
     */
    @WithName("upstream.silence-limit")
    @WithDefault("120s")
    Duration upstreamSilenceLimit();

    /** Requests per client address and window for the API and admin routes without a bearer token. */
    @WithName("rate-limit.anonymous")
    @WithDefault("120")
    int anonymousLimit();

    /** Legacy-coupon lookups per client address and window, token or not: guessing codes stays slow. */
    @WithName("rate-limit.coupon-lookups")
    @WithDefault("30")
    int couponLookupLimit();

    /** The window the limits count in. */
    @WithName("rate-limit.window")
    @WithDefault("60s")
    Duration rateLimitWindow();

    /** Client addresses counted at once per limit; beyond it, the least active are evicted (constant time). */
    @WithName("rate-limit.max-clients")
    @WithDefault("100000")
    int rateLimitMaxClients();

    /**
     * How long a fallback redirect (unknown product, product not sold in the region, unknown section)
     * may be cached: a 301 is otherwise kept for good, and a mapping added later would never be seen.
     */
    @WithDefault("1h")
    Duration fallbackMaxAge();

    /** What the gateway forwards to itself before it reports ready ({@code WarmUp}). */
    WarmUpConfig warmUp();

    interface WarmUpConfig {

        /** How many API requests; 0 turns the warm-up off. */
        @WithDefault("20000")
        int requests();

        /** How many at once, each on its own connection. */
        @WithDefault("8")
        int connections();

        /**
         * After the requests, the warm-up goes on until the JIT compiled for at most this long in the last
         * second (all compiler threads together): the hot paths' optimized code is then in place, not
         * still queued. A second or more turns the wait off.
         */
        @WithDefault("100ms")
        Duration compilingAtMost();

        /** Ready after this long however far the warm-up got. */
        @WithDefault("30s")
        Duration timeout();
    }
}
