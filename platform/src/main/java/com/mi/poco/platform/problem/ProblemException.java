package com.mi.poco.platform.problem;

import com.mi.poco.web.Problem;
import java.util.Locale;

/**
 * A client's mistake or a refused operation, answered as problem+json with a stable {@code type}.
 * Services throw it; resources never build error responses themselves.
 */
public class ProblemException extends RuntimeException {

    private final transient Problem problem;
    private final java.time.Duration retryAfter;

    public ProblemException(String slug, String title, int status, String detail) {
        this(slug, title, status, detail, null, null);
    }

    private ProblemException(String slug, String title, int status, String detail, java.time.Duration retryAfter,
            Throwable cause) {
        super(detail, cause);
        this.problem = Problem.of(slug, title, status, detail);
        this.retryAfter = retryAfter;
    }

    public Problem problem() {
        return problem;
    }

    /** When the client may try again ({@code Retry-After}), or null. */
    public java.time.Duration retryAfter() {
        return retryAfter;
    }

    /** A dependency failed transiently: nothing is wrong with the request, and the same request may succeed later. */
    public static ProblemException unavailable(String detail, java.time.Duration retryAfter, Throwable cause) {
        return new ProblemException("dependency-unavailable", "Service unavailable", 503, detail, retryAfter, cause);
    }

    public static ProblemException notFound(String what, String id) {
        // the type a slug ("POCO coupon" -> poco-coupon-not-found), as every other problem's; the detail says it as written
        return new ProblemException(what.toLowerCase(Locale.ROOT).replace(' ', '-') + "-not-found", "Not found", 404,
                "No " + what + " with id " + id);
    }

    public static ProblemException badRequest(String slug, String detail) {
        return new ProblemException(slug, "Bad request", 400, detail);
    }

    public static ProblemException conflict(String slug, String detail) {
        return new ProblemException(slug, "Conflict", 409, detail);
    }
}
