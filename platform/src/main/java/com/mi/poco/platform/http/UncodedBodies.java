package com.mi.poco.platform.http;

import com.mi.poco.platform.problem.ProblemException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.ext.Provider;
import jakarta.ws.rs.ext.ReaderInterceptor;
import jakarta.ws.rs.ext.ReaderInterceptorContext;
import java.io.IOException;
import java.util.List;
import java.util.Locale;

/**
 * A request body is read as it was sent: no service decodes a content coding. A body that declares one
 * ({@code Content-Encoding} gzip, br, ...) is refused with a 415 problem naming the one coding taken
 * (RFC 9110, 15.5.16 and 12.5.3), where it used to be read as if it had none: a gzipped import was
 * rejected line by line as "not valid UTF-8", and a plain one labelled {@code br} was imported.
 * <p>
 * Checked where a body is read (the JAX-RS place for content codings, where a decoder would sit), so a
 * request without one costs nothing, and it comes after authentication and matching: a bad token is still
 * a 401, a wrong media type a 415 of its own, a wrong method a 405.
 */
@Provider
public class UncodedBodies implements ReaderInterceptor {

    /** The one content coding read: none. */
    private static final String IDENTITY = "identity";

    @Override
    public Object aroundReadFrom(ReaderInterceptorContext body) throws IOException {
        List<String> codings = body.getHeaders().get(HttpHeaders.CONTENT_ENCODING);
        if (codings != null && !codings.stream().allMatch(UncodedBodies::onlyIdentity)) {
            throw ProblemException.unsupportedContentCoding(IDENTITY);
        }
        return body.proceed();
    }

    /** One {@code Content-Encoding} line: a list of codings, each {@code identity} (or empty). */
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
