package com.mi.poco.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Locale;

/**
 * An RFC 9457 problem detail: the body of every error answer ({@code application/problem+json}), from
 * the services and the gateway alike, with one base for the stable {@code type} of each problem.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String detail, String instance,
        List<Violation> violations) {

    public static final String MEDIA_TYPE = "application/problem+json";
    private static final String TYPE_BASE = "https://poco-migration.mi.com/problems/";

    /** One invalid field of a request. */
    public record Violation(String field, String message) {
    }

    public static Problem of(String slug, String title, int status, String detail) {
        return new Problem(TYPE_BASE + slug, title, status, detail, null, null);
    }

    /** A problem known only by its HTTP status: its type is its title's ("Payload Too Large": payload-too-large). */
    public static Problem ofStatus(String title, int status, String detail) {
        return of(title.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-"), title, status, detail);
    }

    /** No token, or one that fails verification (signature, issuer, expiry, algorithm): 401. */
    public static Problem unauthenticated() {
        return of("unauthenticated", "Unauthorized", 401, "A valid bearer token is required");
    }

    /** A valid token whose role may not do this: 403. */
    public static Problem forbidden() {
        return of("forbidden", "Forbidden", 403, "This token's role may not do this");
    }

    public Problem withInstance(String path) {
        return new Problem(type, title, status, detail, path, violations);
    }

    public Problem withViolations(List<Violation> list) {
        return new Problem(type, title, status, detail, instance, list);
    }
}
