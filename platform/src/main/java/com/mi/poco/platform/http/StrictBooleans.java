package com.mi.poco.platform.http;

import jakarta.ws.rs.ext.ParamConverter;
import jakarta.ws.rs.ext.ParamConverterProvider;
import jakarta.ws.rs.ext.Provider;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;

/**
 * A boolean path or query parameter is {@code true} or {@code false} (any case), nothing else. JAX-RS reads
 * it with {@code Boolean.valueOf}, for which every other word is false: an operator asking
 * {@code /api/loyalty/reconciliation?audit=yes} got the kept totals, not the audit asked for, with a 200.
 * Now such a value is a 400 {@code invalid-parameter} problem, as any parameter not of its type.
 */
@Provider
public class StrictBooleans implements ParamConverterProvider {

    private static final ParameterReader<Boolean> STRICT = value -> {
        if ("true".equalsIgnoreCase(value)) {
            return Boolean.TRUE;
        }
        if ("false".equalsIgnoreCase(value)) {
            return Boolean.FALSE;
        }
        throw new IllegalArgumentException("expected true or false, got " + value);
    };

    @Override
    @SuppressWarnings("unchecked")
    public <T> ParamConverter<T> getConverter(Class<T> rawType, Type genericType, Annotation[] annotations) {
        return rawType == boolean.class || rawType == Boolean.class ? (ParamConverter<T>) STRICT : null;
    }
}
