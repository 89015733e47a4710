package com.mi.poco.platform.problem;

import com.mi.poco.web.Problem;
import jakarta.ws.rs.core.HttpHeaders;
import java.util.Locale;
import java.util.Map;

/**
 * A client's mistake or a refused operation, answered as problem+json with a stable {@code type}.
 * Services throw it; resources never build error responses themselves.
 */
public class ProblemException extends RuntimeException {

    private final transient Problem problem;
    private final transient Map<String, String> headers;

    public ProblemException(String slug, String title, int status, String detail) {
        this(slug, title, status, detail, Map.of(), null);
    }

    private ProblemException(String slug, String title, int status, String detail, Map<String, String> headers,
            Throwable cause) {
        super(detail, cause);
        this.problem = Problem.of(slug, title, status, detail);
        this.headers = headers;
    }

    public Problem problem() {
        return problem;
    }

    /** What the answer says beside its body: when to try again, what the server takes instead. */
    public Map<String, String> headers() {
        return headers;
    }

    /** A dependency failed transiently: nothing is wrong with the request, and the same request may succeed later. */
    public static ProblemException unavailable(String detail, java.time.Duration retryAfter, Throwable cause) {
        return new ProblemException("dependency-unavailable", "Service unavailable", 503, detail,
                Map.of(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, retryAfter.toSeconds()))), cause);
    }

    /** A body in a content coding not decoded here: 415, with the codings taken (RFC 9110, 12.5.3). */
    public static ProblemException unsupportedContentCoding(String accepted) {
        return new ProblemException("unsupported-content-coding", "Unsupported Media Type", 415,
                "No content coding is decoded here: send the body as it is, without Content-Encoding",
                Map.of(HttpHeaders.ACCEPT_ENCODING, accepted), null);
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
