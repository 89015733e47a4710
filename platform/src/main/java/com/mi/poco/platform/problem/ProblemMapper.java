package com.mi.poco.platform.problem;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.mi.poco.platform.faults.TransientFailures;
import com.mi.poco.platform.http.StrictRequestJson;
import com.mi.poco.web.Problem;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The one place a service turns exceptions into answers: problem+json with a stable type, a human
 * detail and, for validation errors, each invalid field. A stack trace never reaches a client; an
 * unexpected failure is logged with a reference the client is given.
 */
public class ProblemMapper {

    private static final Logger LOG = Logger.getLogger(ProblemMapper.class);
    private static final int MAX_DETAIL = 300;
    private static final java.time.Duration RETRY_AFTER = java.time.Duration.ofSeconds(5);

    @ServerExceptionMapper
    public Response problem(ProblemException e, UriInfo uri) {
        Response answer = answer(e.problem(), uri);
        if (e.headers().isEmpty()) {
            return answer;
        }
        Response.ResponseBuilder withHeaders = Response.fromResponse(answer);
        e.headers().forEach(withHeaders::header);
        return withHeaders.build();
    }

    @ServerExceptionMapper
    public Response invalid(ConstraintViolationException e, UriInfo uri) {
        List<Problem.Violation> violations = e.getConstraintViolations().stream()
                // the field named from inside the body or parameter: after the resource method and its parameter
                .map(v -> new Problem.Violation(JsonFields.field(v.getPropertyPath(), 2), v.getMessage()))
                .sorted(Comparator.comparing(Problem.Violation::field))
                .toList();
        return answer(Problem.of("validation", "Invalid request", 400,
                violations.size() + " field(s) are invalid").withViolations(violations), uri);
    }

    /** A body that is not JSON, or not the JSON expected; where a value has the wrong type or shape, its field is named. */
    @ServerExceptionMapper
    public Response malformedJson(JsonProcessingException e, UriInfo uri) {
        if (tooLong(e)) {
            return problem(new ProblemException("payload-too-large", "Payload too large", 413,
                    "A JSON request body is at most " + StrictRequestJson.MAX_BODY + " bytes; nothing was done"), uri);
        }
        String what = e instanceof MismatchedInputException wrongShape ? JsonFields.describe(wrongShape)
                : truncate(JsonFields.malformed(e));
        return answer(Problem.of("malformed-json", "Malformed JSON", 400,
                "The request body is not the JSON expected: " + what), uri);
    }

    /**
     * Whether the parser stopped at {@link StrictRequestJson#MAX_BODY}: Jackson says so only in its message
     * ({@code Document length (1048577) exceeds the maximum allowed (1048576, …)}); {@code RequestBodiesTest}
     * fails should it say it otherwise.
     */
    private static boolean tooLong(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) { // databind wraps it, within a value
            if (cause instanceof StreamConstraintsException bound && bound.getOriginalMessage() != null
                    && bound.getOriginalMessage().startsWith("Document length")) {
                return true;
            }
        }
        return false;
    }

    /** The same, declared for its own type: quarkus-rest's mapper for it (plain JSON) would be chosen over the one above. */
    @ServerExceptionMapper
    public Response wrongShape(MismatchedInputException e, UriInfo uri) {
        return malformedJson(e, uri);
    }

    /** No token, or one that fails verification (signature, issuer, expiry, algorithm): 401. */
    @ServerExceptionMapper({AuthenticationFailedException.class, UnauthorizedException.class})
    public Response unauthenticated(RuntimeException e, UriInfo uri) {
        return Response.fromResponse(answer(Problem.unauthenticated(), uri))
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
                .build();
    }

    /** A valid token whose role may not do this: 403. */
    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e, UriInfo uri) {
        return answer(Problem.forbidden(), uri);
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e, UriInfo uri) {
        int status = e.getResponse().getStatus();
        if (status >= 500) {
            return unexpected(e, uri);
        }
        if (e.getCause() instanceof JsonProcessingException notJson) {
            // a body that is not JSON at all ({"region": ), which the JSON reader hands over as a bare 400
            return malformedJson(notJson, uri);
        }
        if (e instanceof NotFoundException && e.getCause() != null) {
            // A path or query parameter its converter refused (a UUID that is not one, "ten" for an int):
            // JAX-RS makes it a 404 wrapping the failure (spec 3.2), but it is the request's mistake.
            return answer(Problem.of("invalid-parameter", "Bad request", 400,
                    "A path or query parameter is not of its type: " + truncate(e.getCause().getMessage())), uri);
        }
        Response.StatusType type = Response.Status.fromStatusCode(status);
        String title = type == null ? "Client error" : type.getReasonPhrase();
        return answer(Problem.ofStatus(title, status, truncate(e.getMessage())), uri);
    }

    /**
     * A failure that is nobody's mistake, such as the database being down, is a 503 with {@code
     * Retry-After} when it is transient ({@link TransientFailures}): the same request may succeed soon.
     */
    @ServerExceptionMapper(priority = Integer.MAX_VALUE)
    public Response unexpected(Throwable e, UriInfo uri) {
        if (TransientFailures.isTransient(e)) {
            LOG.warnf("%s: a dependency is unavailable: %s", uri.getPath(), TransientFailures.describe(e));
            return problem(ProblemException.unavailable("A service this request needs is briefly unavailable; try again",
                    RETRY_AFTER, e), uri);
        }
        String reference = UUID.randomUUID().toString();
        LOG.errorf(e, "Unexpected failure on %s (reference %s)", uri.getPath(), reference);
        return answer(Problem.of("internal-error", "Internal error", 500,
                "The request could not be completed; reference " + reference), uri);
    }

    private static Response answer(Problem problem, UriInfo uri) {
        return Response.status(problem.status())
                .type(Problem.MEDIA_TYPE)
                .entity(problem.withInstance(uri.getPath()))
                .build();
    }

    private static String truncate(String text) {
        if (text == null) {
            return "";
        }
        return text.length() <= MAX_DETAIL ? text : text.substring(0, MAX_DETAIL) + "…";
    }
}
