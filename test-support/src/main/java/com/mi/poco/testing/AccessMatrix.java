package com.mi.poco.testing;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.restassured.RestAssured;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntPredicate;

/**
 * Who may call what, checked over every endpoint of a service with every kind of token: none,
 * expired, signed by another key, {@code alg: none}, from another issuer, a role the platform does
 * not know, the wrong role, another customer, and the right one. Requests go out with a plain HTTP
 * client, so nothing adds a token behind the test's back. Every failure is collected and reported
 * at once.
 */
public final class AccessMatrix {

    /** Who an endpoint is for. */
    public enum Access {
        /** Ops only. */
        OPS,
        /** Ops, or the customer holding the Mi account the request is about. */
        HOLDER_OR_OPS,
        /** Only the customer holding the Mi account (the personal-data export). */
        HOLDER,
        /** Anyone, no token needed. */
        PUBLIC
    }

    /**
     * One endpoint. {@code holder} is the Mi account whose customer may call it; {@code otherCustomer}
     * the status another customer gets (403, or 404 where a 403 would tell that the resource exists).
     */
    public record Endpoint(String method, String path, String contentType, String body, Access access,
            String holder, int otherCustomer) {

        public static Endpoint ops(String method, String path) {
            return new Endpoint(method, path, null, null, Access.OPS, null, 403);
        }

        public static Endpoint ops(String method, String path, String contentType, String body) {
            return new Endpoint(method, path, contentType, body, Access.OPS, null, 403);
        }

        public static Endpoint holderOrOps(String method, String path, String holder, int otherCustomer) {
            return new Endpoint(method, path, null, null, Access.HOLDER_OR_OPS, holder, otherCustomer);
        }

        public static Endpoint holder(String method, String path, String holder) {
            return new Endpoint(method, path, null, null, Access.HOLDER, holder, 403);
        }

        public static Endpoint open(String method, String path) {
            return new Endpoint(method, path, null, null, Access.PUBLIC, null, 200);
        }

        public Endpoint withBody(String type, String content) {
            return new Endpoint(method, path, type, content, access, holder, otherCustomer);
        }

        /** The same request with a body no endpoint takes. */
        Endpoint garbled() {
            return withBody("text/x-garbage", "<not what it takes>");
        }

        Endpoint withMethod(String other) {
            return new Endpoint(other, path, contentType, body, access, holder, otherCustomer);
        }
    }

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final IntPredicate UNAUTHENTICATED = status -> status == 401;
    private static final IntPredicate SUCCESS = status -> status >= 200 && status < 300;

    private final URI base;
    private final List<String> failures = new ArrayList<>();
    private int requests;

    private AccessMatrix(URI base) {
        this.base = base;
    }

    /** Runs the whole matrix over {@code endpoints} of the service under test (RestAssured's base and port). */
    public static void check(List<Endpoint> endpoints) {
        check(URI.create(RestAssured.baseURI + ":" + RestAssured.port + "/"), endpoints);
    }

    /** Runs the whole matrix over {@code endpoints} of the service at {@code base}; fails listing every miss. */
    public static void check(URI base, List<Endpoint> endpoints) {
        AccessMatrix matrix = new AccessMatrix(base);
        endpoints.forEach(matrix::check);
        assertTrue(matrix.failures.isEmpty(), matrix.failures.size() + " of " + matrix.requests
                + " requests got the wrong answer:\n" + String.join("\n", matrix.failures));
    }

    private void check(Endpoint endpoint) {
        if (endpoint.access() == Access.PUBLIC) {
            expect(endpoint, "no token", null, SUCCESS);
            return;
        }
        expect(endpoint, "no token", null, UNAUTHENTICATED);
        expect(endpoint, "expired token", Tokens.expiredOps(), UNAUTHENTICATED);
        expect(endpoint, "token valid for ten years", Tokens.opsValidForTenYears(), UNAUTHENTICATED);
        expect(endpoint, "token issued ten years ahead", Tokens.opsIssuedTenYearsAhead(), UNAUTHENTICATED);
        expect(endpoint, "token signed by another key", Tokens.opsSignedByAnotherKey(), UNAUTHENTICATED);
        expect(endpoint, "alg: none", Tokens.opsUnsigned(), UNAUTHENTICATED);
        expect(endpoint, "token from another issuer", Tokens.opsFromAnotherIssuer(), UNAUTHENTICATED);
        expect(endpoint, "token for another audience", Tokens.opsForAnotherAudience(), UNAUTHENTICATED);
        expect(endpoint, "unknown role", Tokens.guest(), status -> status == 403);
        // Who is asked first: whatever the media type, method or body, a stranger gets 401 and the
        // wrong role 403, never an answer about what the endpoint takes.
        expect(endpoint.garbled(), "no token, a body of the wrong type", null, UNAUTHENTICATED);
        expect(endpoint.garbled(), "unknown role, a body of the wrong type", Tokens.guest(), status -> status == 403);
        expect(endpoint.withMethod("PATCH"), "unknown role, a method no endpoint takes", Tokens.guest(),
                status -> status == 403);
        switch (endpoint.access()) {
            case OPS -> {
                expect(endpoint, "customer token", Tokens.customer("M-any-customer"), status -> status == 403);
                expect(endpoint.garbled(), "customer token, a body of the wrong type", Tokens.customer("M-any-customer"),
                        status -> status == 403);
                expect(endpoint, "ops token", Tokens.ops(), SUCCESS);
            }
            case HOLDER_OR_OPS -> {
                expect(endpoint, "another customer", Tokens.customer("M-someone-else"),
                        status -> status == endpoint.otherCustomer());
                expect(endpoint, "the holder", Tokens.customer(endpoint.holder()), SUCCESS);
                expect(endpoint, "ops token", Tokens.ops(), SUCCESS);
            }
            case HOLDER -> {
                expect(endpoint, "ops token", Tokens.ops(), status -> status == 403);
                expect(endpoint.garbled(), "ops token, a body of the wrong type", Tokens.ops(), status -> status == 403);
                expect(endpoint, "another customer", Tokens.customer("M-someone-else"),
                        status -> status == endpoint.otherCustomer());
                expect(endpoint, "the holder", Tokens.customer(endpoint.holder()), SUCCESS);
            }
            case PUBLIC -> throw new IllegalStateException("handled above");
        }
    }

    private void expect(Endpoint endpoint, String who, String token, IntPredicate expected) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(endpoint.path()));
        if (token != null) {
            request.header("Authorization", Tokens.bearer(token));
        }
        if (endpoint.contentType() != null) {
            request.header("Content-Type", endpoint.contentType());
        }
        request.method(endpoint.method(), endpoint.body() == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(endpoint.body(), StandardCharsets.UTF_8));
        try {
            requests++;
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (!expected.test(response.statusCode())) {
                failures.add("%s %s with %s: %d %s".formatted(endpoint.method(), endpoint.path(), who,
                        response.statusCode(), abbreviate(response.body())));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String abbreviate(String body) {
        return body.length() <= 200 ? body : body.substring(0, 200) + "…";
    }
}
