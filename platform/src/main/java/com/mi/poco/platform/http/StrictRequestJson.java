package com.mi.poco.platform.http;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.ws.rs.ext.ContextResolver;
import jakarta.ws.rs.ext.Provider;

/**
 * The JSON of a request body is one value, each member named once. Jackson's defaults took
 * {@code {"region":"uk","region":"de"}} as {@code de} (the last one wins: a migration of another region
 * than the operator may have meant, started with a 202) and ignored whatever followed the value
 * ({@code {"region":"uk"} x}). Both are now a 400 {@code malformed-json} problem, as a line of an import
 * is rejected for them. Request and answer bodies only: the application's mapper, which events are read
 * with, is left as it is (a copy, with its modules and the rule on NUL).
 * <p>
 * A request's JSON is at most {@link #MAX_BODY} bytes, read no further (a 413 problem, {@code ProblemMapper}).
 * The services take bodies of up to 2 GiB for imports, which they read line by line; a JSON body is read
 * whole into objects, and Jackson's own bounds (a string of 20 million characters) let 32 customers'
 * coupon redemptions of 20 MB each exhaust a service's heap (OutOfMemoryError, 500s). The largest body an
 * API takes is a migration of 10,000 named accounts, about 150 KB.
 */
@Provider
public class StrictRequestJson implements ContextResolver<ObjectMapper> {

    /** The most bytes of a JSON request body read. */
    public static final long MAX_BODY = 1024 * 1024;

    private final ObjectMapper strict;

    public StrictRequestJson(ObjectMapper json) {
        this.strict = json.copy() // with its own factory: the application's mapper keeps its bounds
                .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        strict.getFactory().setStreamReadConstraints(StreamReadConstraints.builder().maxDocumentLength(MAX_BODY).build());
    }

    @Override
    public ObjectMapper getContext(Class<?> type) {
        return strict;
    }
}
