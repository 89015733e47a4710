package com.mi.poco.platform.problem;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import jakarta.validation.Path;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

/**
 * A value of the wrong type or shape in a JSON document, said as a client reads the document: the
 * field, as a client names it, what it takes and, where the document is at hand, what it has, in the
 * JSON's words rather than the Java types behind it ({@code createdAt: expected an ISO-8601 time in UTC
 * such as 2024-05-01T09:30:00Z, got "yesterday"}).
 */
public final class JsonFields {

    private static final int MAX_SHOWN = 60;
    /** How Jackson begins its failure for {@code DeserializationFeature.FAIL_ON_TRAILING_TOKENS} (it has no type of its own). */
    private static final String TRAILING_TOKEN = "Trailing token";
    /** Hibernate Validator's names of a container's elements in a property path ({@link #field(Path, int)}). */
    private static final Pattern CONTAINER_ELEMENT =
            Pattern.compile("<[A-Z]>|\\.?<(map key|map value|list element|iterable element)>");

    /**
     * Jackson's words for itself in its messages: where a value began ({@code (start marker at [Source: …; line:
     * 1, column: 1])}), and which of its settings a bound is ({@code , from `StreamReadConstraints.getMaxNestingDepth()`}).
     */
    private static final Pattern SOURCE = Pattern.compile(" ?\\((?:start marker at )?\\[Source: [^\\]]*\\]\\)|, from `[^`]*`");

    /**
     * What is wrong with text that is not JSON, and where the parser gave up ({@code Unexpected end-of-input:
     * expected close marker for Object (column 11)}; the line too, past the first): Jackson's message without its account
     * of the source, which says {@code [Source: REDACTED (`StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION`
     * disabled); …]} and is no help to whoever fixes the document.
     */
    public static String malformed(JsonProcessingException notJson) {
        String message = notJson.getOriginalMessage() == null ? "unreadable" : SOURCE.matcher(notJson.getOriginalMessage()).replaceAll("");
        JsonLocation where = notJson.getLocation();
        if (where == null || where.getColumnNr() <= 0) {
            return message;
        }
        return message + (where.getLineNr() > 1 ? " (line " + where.getLineNr() + ", column " : " (column ") + where.getColumnNr() + ")";
    }

    /**
     * The field a bean-validation violation names, as the JSON names it: Hibernate Validator's
     * {@code regions<K>[xx].<map key>} (a map's key) is {@code regions[xx]}, {@code items[0].<list element>}
     * is {@code items[0]}. The first {@code skip} nodes are left out (a resource method and its parameter);
     * where none is left, the last one names it.
     */
    public static String field(Path path, int skip) {
        List<String> nodes = StreamSupport.stream(path.spliterator(), false).map(Path.Node::toString).toList();
        List<String> named = nodes.subList(nodes.size() > skip ? skip : Math.max(0, nodes.size() - 1), nodes.size());
        return CONTAINER_ELEMENT.matcher(String.join(".", named)).replaceAll("");
    }

    /** {@code items[0].sku: }, or nothing for the document itself. */
    public static String prefix(JsonMappingException wrongShape) {
        StringBuilder field = new StringBuilder();
        for (JsonMappingException.Reference step : wrongShape.getPath()) {
            if (step.getFieldName() == null) {
                field.append('[').append(step.getIndex()).append(']');
            } else {
                field.append(field.isEmpty() ? "" : ".").append(step.getFieldName());
            }
        }
        return field.isEmpty() ? "" : field + ": ";
    }

    /** A value of the right type that its field refuses for what it holds, such as text holding NUL: said by its own reason. */
    public static final class RefusedValue extends MismatchedInputException {

        public RefusedValue(JsonParser parser, String reason, Class<?> type) {
            super(parser, reason, type);
        }
    }

    /** The field and what it takes (or, for a {@link RefusedValue}, why it refuses this one). */
    public static String describe(MismatchedInputException wrongShape) {
        if (wrongShape instanceof RefusedValue) {
            return prefix(wrongShape) + wrongShape.getOriginalMessage();
        }
        if (wrongShape.getOriginalMessage().startsWith(TRAILING_TOKEN)) {
            return "more follows the JSON value; a body is one value";
        }
        return prefix(wrongShape) + "expected " + expected(wrongShape.getTargetType());
    }

    /** The field, what it takes, and what {@code document} has there. */
    public static String describe(MismatchedInputException wrongShape, JsonNode document) {
        JsonNode value = document;
        for (JsonMappingException.Reference step : wrongShape.getPath()) {
            value = step.getFieldName() != null ? value.path(step.getFieldName()) : value.path(step.getIndex());
        }
        return describe(wrongShape) + (value.isMissingNode() || wrongShape instanceof RefusedValue ? "" : ", got " + shown(value));
    }

    static String expected(Class<?> type) {
        if (type == null) {
            return "a value of another type";
        }
        if (CharSequence.class.isAssignableFrom(type)) {
            return "a string";
        }
        if (type == Instant.class || type == OffsetDateTime.class) {
            return "an ISO-8601 time in UTC such as 2024-05-01T09:30:00Z";
        }
        if (type == LocalDate.class) {
            return "an ISO-8601 date such as 2025-01-09";
        }
        if (type == BigDecimal.class) {
            return "a decimal string such as \"249.99\"";
        }
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class
                || type == Short.class || type == short.class) {
            return "a whole number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (type.isEnum()) {
            return "one of " + Arrays.stream(type.getEnumConstants()).map(Object::toString).collect(Collectors.joining(", "));
        }
        if (type.isArray() || Collection.class.isAssignableFrom(type)) {
            return "a list";
        }
        return "an object";
    }

    private static String shown(JsonNode value) {
        if (value.isObject()) {
            return "an object";
        }
        if (value.isArray()) {
            return "a list";
        }
        return value.isTextual() ? quoted(value.textValue()) : shortened(value.toString());
    }

    private static String quoted(String text) {
        return '"' + shortened(text.replace("\\", "\\\\").replace("\"", "\\\"")) + '"';
    }

    private static String shortened(String text) {
        return text.length() <= MAX_SHOWN ? text : text.substring(0, MAX_SHOWN) + "…";
    }

    private JsonFields() {
    }
}
