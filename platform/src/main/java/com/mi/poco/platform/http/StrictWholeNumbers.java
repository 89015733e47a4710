package com.mi.poco.platform.http;

import jakarta.ws.rs.ext.ParamConverter;
import jakarta.ws.rs.ext.ParamConverterProvider;
import jakarta.ws.rs.ext.Provider;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * A whole-number path or query parameter ({@code int}, {@code long}) refused says why as a client reads it:
 * {@code expected a whole number, got "ten"} or {@code the number 99999999999 is out of range}, not Java's
 * {@code For input string: "ten"}. A 400 {@code invalid-parameter} problem, as any parameter not of its
 * type ({@link StrictBooleans} does the same for booleans).
 */
@Provider
public class StrictWholeNumbers implements ParamConverterProvider {

    private static final Pattern DIGITS = Pattern.compile("[+-]?[0-9]+");
    private static final ParameterReader<Integer> INT = reading(Integer::valueOf);
    private static final ParameterReader<Long> LONG = reading(Long::valueOf);

    private static <N extends Number> ParameterReader<N> reading(Function<String, N> parse) {
        return value -> {
            if (!DIGITS.matcher(value).matches()) {
                throw new IllegalArgumentException("expected a whole number, got \"" + value + "\"");
            }
            try {
                return parse.apply(value);
            } catch (NumberFormatException tooLarge) {
                throw new IllegalArgumentException("the number " + value + " is out of range");
            }
        };
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> ParamConverter<T> getConverter(Class<T> rawType, Type genericType, Annotation[] annotations) {
        if (rawType == int.class || rawType == Integer.class) {
            return (ParamConverter<T>) INT;
        }
        return rawType == long.class || rawType == Long.class ? (ParamConverter<T>) LONG : null;
    }
}
