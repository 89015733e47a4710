package com.mi.poco.platform.problem;

/**
 * A client's mistake or a refused operation, answered as problem+json with a stable {@code type}.
 * Services throw it; resources never build error responses themselves.
 */
public class ProblemException extends RuntimeException {

    private final transient Problem problem;

    public ProblemException(String slug, String title, int status, String detail) {
        super(detail);
        this.problem = Problem.of(slug, title, status, detail);
    }

    public Problem problem() {
        return problem;
    }

    public static ProblemException notFound(String what, String id) {
        return new ProblemException(what.replace(' ', '-') + "-not-found", "Not found", 404,
                "No " + what + " with id " + id);
    }

    public static ProblemException badRequest(String slug, String detail) {
        return new ProblemException(slug, "Bad request", 400, detail);
    }

    public static ProblemException conflict(String slug, String detail) {
        return new ProblemException(slug, "Conflict", 409, detail);
    }
}
