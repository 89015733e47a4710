package com.mi.poco.platform.http;

import jakarta.ws.rs.ext.ParamConverter;

/**
 * A path or query parameter's converter that only reads (a lambda): what it refuses is an {@link IllegalArgumentException}
 * whose message says what was expected and what came, which the problem mapper answers as a 400
 * {@code invalid-parameter}. Writing a value back is its {@code toString()}.
 */
@FunctionalInterface
interface ParameterReader<T> extends ParamConverter<T> {

    @Override
    T fromString(String value);

    @Override
    default String toString(T value) {
        return value.toString();
    }
}
