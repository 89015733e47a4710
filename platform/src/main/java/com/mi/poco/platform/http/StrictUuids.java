package com.mi.poco.platform.http;

import jakarta.ws.rs.ext.ParamConverter;
import jakarta.ws.rs.ext.ParamConverterProvider;
import jakarta.ws.rs.ext.Provider;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * A UUID path or query parameter (a migration's id) is read in its one written form, 8-4-4-4-12 hexadecimal
 * digits in either case. Java's {@code UUID.fromString} also takes {@code 1-1-1-1-1} as
 * {@code 00000001-0001-0001-0001-000000000001}, so one resource had many names; and it refuses with
 * {@code Invalid UUID string: zz}. Refused here, a 400 {@code invalid-parameter} problem says
 * {@code expected a UUID such as 3b159d59-1070-43da-a5e7-f121342c9d1e, got "zz"}, as
 * {@link StrictWholeNumbers} does for numbers.
 */
@Provider
public class StrictUuids implements ParamConverterProvider {

    private static final Pattern WRITTEN = Pattern.compile("\\p{XDigit}{8}-\\p{XDigit}{4}-\\p{XDigit}{4}-\\p{XDigit}{4}-\\p{XDigit}{12}");

    private static final ParameterReader<UUID> UUIDS = value -> {
        if (!WRITTEN.matcher(value).matches()) {
            throw new IllegalArgumentException("expected a UUID such as 3b159d59-1070-43da-a5e7-f121342c9d1e, got \"" + value + "\"");
        }
        return UUID.fromString(value);
    };

    @Override
    @SuppressWarnings("unchecked")
    public <T> ParamConverter<T> getConverter(Class<T> rawType, Type genericType, Annotation[] annotations) {
        return rawType == UUID.class ? (ParamConverter<T>) UUIDS : null;
    }
}
