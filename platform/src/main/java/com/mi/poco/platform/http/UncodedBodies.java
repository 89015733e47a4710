package com.mi.poco.platform.http;

import com.mi.poco.web.Problem;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.util.Locale;
import java.util.Optional;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * A request body is read as it was sent: no service decodes a content coding. A request that declares
 * one (gzip, br, ...) is refused with a 415 problem and {@code Accept-Encoding: identity} (RFC 9110
 * 15.5.16 and 12.5.3), where it used to be read as if it had none: a gzipped import was rejected line by
 * line as "not valid UTF-8", and a plain one labelled {@code br} was imported. After authentication
 * ({@code AuthenticationFirst}), as every other refusal of a request's form.
 */
public class UncodedBodies {

    private static final String IDENTITY = "identity";

    @ServerRequestFilter(preMatching = true, priority = Priorities.USER + 1)
    public Optional<Response> refuseContentCodings(HttpServerRequest request) {
        String codings = request.getHeader(HttpHeaders.CONTENT_ENCODING);
        if (codings == null || onlyIdentity(codings)) {
            return Optional.empty();
        }
        Problem problem = Problem.of("unsupported-content-coding", "Unsupported Media Type", 415,
                "No content coding is decoded here: send the body as it is, without Content-Encoding")
                .withInstance(request.path());
        return Optional.of(Response.status(415).type(Problem.MEDIA_TYPE)
                .header(HttpHeaders.ACCEPT_ENCODING, IDENTITY).entity(problem).build());
    }

    private static boolean onlyIdentity(String codings) {
        for (String coding : codings.split(",")) {
            String name = coding.strip().toLowerCase(Locale.ROOT);
            if (!name.isEmpty() && !name.equals(IDENTITY)) {
                return false;
            }
        }
        return true;
    }
}
