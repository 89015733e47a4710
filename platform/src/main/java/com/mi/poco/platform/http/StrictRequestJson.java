package com.mi.poco.platform.http;

import com.fasterxml.jackson.core.JsonParser;
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
 */
@Provider
public class StrictRequestJson implements ContextResolver<ObjectMapper> {

    private final ObjectMapper strict;

    public StrictRequestJson(ObjectMapper json) {
        this.strict = json.copy()
                .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    }

    @Override
    public ObjectMapper getContext(Class<?> type) {
        return strict;
    }
}
