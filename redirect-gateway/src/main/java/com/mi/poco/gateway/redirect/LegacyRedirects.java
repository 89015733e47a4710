package com.mi.poco.gateway.redirect;

import com.mi.poco.events.CatalogRoute;
import com.mi.poco.gateway.config.GatewayConfig;
import com.mi.poco.gateway.routes.LegacyRouteTable;
import jakarta.inject.Singleton;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The redirect contract of docs/contracts.md as one pure function: a legacy po.co request (method, raw path,
 * raw query) → where it goes. Nothing from the request reaches a Location header unchecked: region
 * and section names come from the configured tables, product pages from the catalog, and the few
 * request parts that are kept (the rest of a support path or an India path, the query) must pass a
 * strict character and percent-escape check, or the request is refused with a 400.
 */
@Singleton // not a client proxy: called on every redirect
public class LegacyRedirects {

    private static final int MAX_PATH = 2048;
    private static final int MAX_QUERY = 2048;
    private static final int MAX_SLUG = 128;

    private final LegacyRouteTable table;
    private final GatewayConfig config;
    private final Set<String> legacyHosts;
    private final Set<String> miRegions;
    private final Map<String, String> sections;
    /** Per mi.com region: {@code <mi-base>/<region>/} and its POCO home page, built once, not per request. */
    private final Map<String, String> regionBases;
    private final Map<String, String> regionHomes;

    public LegacyRedirects(LegacyRouteTable table, GatewayConfig config) {
        this.table = table;
        this.config = config;
        this.legacyHosts = lower(config.legacyHosts());
        this.miRegions = lower(config.miRegions());
        this.sections = config.sections().entrySet().stream()
                .collect(Collectors.toMap(e -> e.getKey().toLowerCase(Locale.ROOT), Map.Entry::getValue));
        Set<String> targets = new HashSet<>(miRegions);
        targets.add(config.defaultRegion());
        this.regionBases = targets.stream().collect(Collectors.toMap(r -> r, r -> config.miBase() + "/" + r + "/"));
        this.regionHomes = targets.stream().collect(Collectors.toMap(r -> r, r -> regionBases.get(r) + config.home() + "/"));
    }

    /**
     * Whether {@code host} (a Host header's host, without port) is one of the shut-down POCO hosts, in
     * any case and also written as an absolute name ({@code po.co.}, the same host to DNS and browsers).
     */
    public boolean isLegacyHost(String host) {
        if (host == null) {
            return false;
        }
        String name = host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
        return legacyHosts.contains(name.toLowerCase(Locale.ROOT));
    }

    public Redirect resolve(String method, String rawPath, String rawQuery) {
        boolean get = "GET".equals(method) || "HEAD".equals(method);
        List<String> segments = segments(rawPath);
        if (segments == null) {
            return Redirect.refused("unsafe-path");
        }
        String query = query(rawQuery);
        if (query == null) {
            return Redirect.refused("unsafe-query");
        }
        String region = config.defaultRegion();
        int start = 0;
        if (!segments.isEmpty()) {
            String first = segments.get(0).toLowerCase(Locale.ROOT);
            if (miRegions.contains(first) || first.equals(config.indiaRegion())) {
                region = first;
                start = 1;
            }
        }
        List<String> rest = segments.subList(start, segments.size());
        if (region.equals(config.indiaRegion())) {
            return Redirect.to(config.indiaBase() + "/" + String.join("/", rest) + query, "india", get);
        }
        String base = regionBases.get(region);
        String home = regionHomes.get(region);
        if (rest.isEmpty()) {
            return Redirect.to(home + query, "home", get);
        }
        String section = rest.get(0).toLowerCase(Locale.ROOT);
        if (section.equals("product")) {
            return rest.size() < 2 ? Redirect.to(home + query, "home", get)
                    : product(rest.get(1).toLowerCase(Locale.ROOT), region, home, query, get);
        }
        if (section.equals("support")) {
            String tail = String.join("/", rest.subList(1, rest.size()));
            return Redirect.to(base + "support/" + tail + query, "support", get);
        }
        String target = sections.get(section);
        return target == null ? Redirect.to(home + query, "other", get)
                : Redirect.to(base + target + "/" + query, "section-" + section, get);
    }

    private Redirect product(String slug, String region, String home, String query, boolean get) {
        CatalogRoute route = isSlug(slug) ? table.route(slug).orElse(null) : null;
        if (route == null) {
            return Redirect.unmatched(home + query, get);
        }
        int hops = 0;
        while (route.status() == CatalogRoute.Status.DISCONTINUED) {
            CatalogRoute next = route.successor() == null || hops++ >= config.maxSuccessorChain()
                    ? null : table.route(route.successor()).orElse(null);
            if (next == null) {
                return Redirect.gone(home);
            }
            route = next;
        }
        String page = route.regions().get(region);
        if (page == null) {
            return Redirect.to(home + query, "product-not-in-region", get);
        }
        return Redirect.to(config.miBase() + page + query, hops == 0 ? "product" : "product-successor", get);
    }

    /** A catalog slug: {@code [a-z0-9][a-z0-9-]{0,127}}, checked without a regex on the hot path. */
    static boolean isSlug(String text) {
        if (text.isEmpty() || text.length() > MAX_SLUG || text.charAt(0) == '-') {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) {
                return false;
            }
        }
        return true;
    }

    /**
     * The path's segments, without empty ones (repeated or trailing slashes) or {@code .}; null if the
     * path is not one a redirect may be built from: not absolute, too long, a backslash, {@code ..}, a
     * character outside RFC 3986's segment set, a bad percent-escape, or one that decodes to a slash,
     * a backslash, a control character or invalid UTF-8. Dot segments count percent-encoded too
     * ({@code %2e%2e}, {@code .%2E}): a browser resolves them as dots (WHATWG URL), so a Location
     * carrying one would climb out of the section it names.
     */
    static List<String> segments(String rawPath) {
        if (rawPath == null || rawPath.isEmpty() || rawPath.charAt(0) != '/' || rawPath.length() > MAX_PATH) {
            return null;
        }
        List<String> segments = new ArrayList<>();
        for (String segment : rawPath.substring(1).split("/", -1)) {
            int dots = dots(segment);
            if (segment.isEmpty() || dots == 1) {
                continue;
            }
            if (dots == 2 || !safe(segment, false)) {
                return null;
            }
            segments.add(segment);
        }
        return segments;
    }

    /** 1 for {@code .}, 2 for {@code ..}, each dot also as {@code %2e} in either case; 0 for any other segment. */
    private static int dots(String segment) {
        int dots = 0;
        for (int i = 0; i < segment.length() && dots < 3; dots++) {
            if (segment.charAt(i) == '.') {
                i++;
            } else if (segment.regionMatches(true, i, "%2e", 0, 3)) {
                i += 3;
            } else {
                return 0;
            }
        }
        return dots < 3 ? dots : 0;
    }

    /** {@code ?query} as sent, "" if none, null if it is not safe to repeat in a Location header. */
    static String query(String rawQuery) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return "";
        }
        return rawQuery.length() <= MAX_QUERY && safe(rawQuery, true) ? "?" + rawQuery : null;
    }

    private static boolean safe(String text, boolean query) {
        // Bytes kept for the UTF-8 check from the first non-ASCII escape on: ASCII can neither be
        // invalid UTF-8 nor complete a sequence, so a plain ASCII path allocates nothing.
        byte[] decoded = null;
        int length = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            int b;
            if (c == '%') {
                if (i + 2 >= text.length() || hex(text.charAt(i + 1)) < 0 || hex(text.charAt(i + 2)) < 0) {
                    return false;
                }
                b = hex(text.charAt(i + 1)) * 16 + hex(text.charAt(i + 2));
                if (b < 0x20 || b == 0x7f || (!query && (b == '/' || b == '\\'))) {
                    return false;
                }
                i += 2;
            } else if (allowed(c, query)) {
                b = c;
            } else {
                return false;
            }
            if (decoded == null && b >= 0x80) {
                decoded = new byte[text.length()];
            }
            if (decoded != null) {
                decoded[length++] = (byte) b;
            }
        }
        if (decoded == null) {
            return true;
        }
        try {
            StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(decoded, 0, length));
            return true;
        } catch (CharacterCodingException notUtf8) {
            return false;
        }
    }

    /** RFC 3986 pchar (unreserved, sub-delims, ':' '@'), plus '/' and '?' in a query. */
    private static boolean allowed(char c, boolean query) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || "-._~!$&'()*+,;=:@".indexOf(c) >= 0
                || (query && (c == '/' || c == '?'));
    }

    private static int hex(char c) {
        return Character.digit(c, 16);
    }

    private static Set<String> lower(List<String> values) {
        return values.stream().map(v -> v.toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
    }
}
