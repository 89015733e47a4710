package com.mi.poco.platform.imports;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.datatype.jsr310.deser.InstantDeserializer;
import com.fasterxml.jackson.datatype.jsr310.deser.LocalDateDeserializer;
import com.mi.poco.platform.problem.JsonFields;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * How a line of the legacy export is read: as its format says, a wrong type being a wrong type, not
 * a coercion. Ids and other text, times and money are JSON strings: a number is not taken for an id,
 * for a time (it would be a guess at its unit and zone) or for money (a binary float has no cents);
 * money is written in plain decimals ({@code "249.99"}, not {@code "2.4999e2"} or {@code "NaN"}).
 * Counts, points and ratings are whole JSON numbers, flags {@code true} or {@code false}, a kind or a
 * status its name. Fields the format does not know are ignored.
 */
final class ExportJson {

    private static final int MAX_REASON = 240;
    /** The four-digit years of RFC 3339, 0001 to 9999, in UTC: the times and dates a line may hold ({@link FromText}). */
    private static final Instant FIRST_TIME = Instant.parse("0001-01-01T00:00:00Z");
    private static final Instant AFTER_LAST_TIME = Instant.parse("+10000-01-01T00:00:00Z");

    private final ObjectMapper strict;

    /** Reads with a copy of the application's mapper (its modules and its rule on text kept). */
    ExportJson(ObjectMapper json) {
        SimpleModule textOnly = new SimpleModule("legacy-export-text")
                .addDeserializer(Instant.class, new FromText<>(Instant.class, InstantDeserializer.INSTANT,
                        time -> !time.isBefore(FIRST_TIME) && time.isBefore(AFTER_LAST_TIME)))
                .addDeserializer(LocalDate.class, new FromText<>(LocalDate.class, LocalDateDeserializer.INSTANCE,
                        date -> date.getYear() >= 1 && date.getYear() <= 9999))
                .addDeserializer(BigDecimal.class, new PlainDecimal());
        this.strict = json.copy()
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
                .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION) // {"pocoAccountId":"P1","pocoAccountId":"P2"} names no one
                .registerModule(textOnly);
        // text is read by the application's own reader (NUL refused), told here not to take a number or a flag for it
        for (CoercionInputShape scalar : List.of(CoercionInputShape.Integer, CoercionInputShape.Float, CoercionInputShape.Boolean)) {
            strict.coercionConfigFor(LogicalType.Textual).setCoercion(scalar, CoercionAction.Fail);
        }
    }

    /**
     * The record one line holds.
     *
     * @throws RejectedLine saying why the line holds none: not JSON, not one record, or a value of the
     *                      wrong type, named by its field with what it takes and what it got
     */
    <T> T read(String line, Class<T> type) {
        try (JsonParser parser = strict.createParser(line)) {
            T value = strict.readValue(parser, type);
            if (value == null) {
                throw new RejectedLine("null is not a record");
            }
            if (parser.nextToken() != null) {
                throw new RejectedLine("malformed JSON: more than one value on the line");
            }
            return value;
        } catch (MismatchedInputException wrongShape) {
            throw new RejectedLine(JsonFields.describe(wrongShape, asTree(line)));
        } catch (JsonMappingException inField) {
            // what the parser found in a field, such as "Numeric value (…) out of range of int (…)"
            throw new RejectedLine(JsonFields.prefix(inField) + firstSentence(inField.getOriginalMessage()));
        } catch (JsonProcessingException malformed) {
            throw new RejectedLine("malformed JSON: " + firstSentence(JsonFields.malformed(malformed)));
        } catch (IOException unreadable) {
            throw new RejectedLine("unreadable: " + firstSentence(unreadable.getMessage()));
        }
    }

    /** The line as JSON of any shape (it is, or the record's reader would not have got to a field's type). */
    private JsonNode asTree(String line) {
        try {
            return strict.readTree(line);
        } catch (JsonProcessingException unexpected) {
            return MissingNode.getInstance();
        }
    }

    private static String firstSentence(String message) {
        if (message == null) {
            return "unreadable";
        }
        String firstLine = message.lines().findFirst().orElse(message);
        return firstLine.length() <= MAX_REASON ? firstLine : firstLine.substring(0, MAX_REASON) + "…";
    }

    /**
     * A time or date the export writes as a JSON string, read by the usual reader once it is one, in the years
     * 0001 to 9999. Java reads {@code +294277-01-01T00:00:00Z} and {@code 0000-01-01T00:00:00Z}, which PostgreSQL
     * cannot store: such a line failed at its insert and was rejected for a conflict it did not have.
     */
    private static final class FromText<T> extends StdScalarDeserializer<T> {
        private final JsonDeserializer<? extends T> reader;
        private final Predicate<T> withinYears;

        FromText(Class<T> type, JsonDeserializer<? extends T> reader, Predicate<T> withinYears) {
            super(type);
            this.reader = reader;
            this.withinYears = withinYears;
        }

        @Override
        @SuppressWarnings("unchecked")
        public T deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            if (!parser.hasToken(JsonToken.VALUE_STRING)) {
                return (T) context.handleUnexpectedToken(handledType(), parser);
            }
            String text = parser.getText();
            T value = reader.deserialize(parser, context);
            if (value != null && !withinYears.test(value)) {
                return (T) context.handleWeirdStringValue(handledType(), text, "a year from 0001 to 9999");
            }
            return value;
        }
    }

    /** Money: a JSON string in plain decimals, an optional minus, digits, and an optional fraction. */
    private static final class PlainDecimal extends StdScalarDeserializer<BigDecimal> {
        private static final Pattern PLAIN = Pattern.compile("-?[0-9]{1,40}(\\.[0-9]{1,40})?");

        PlainDecimal() {
            super(BigDecimal.class);
        }

        @Override
        public BigDecimal deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            if (!parser.hasToken(JsonToken.VALUE_STRING)) {
                return (BigDecimal) context.handleUnexpectedToken(BigDecimal.class, parser);
            }
            String text = parser.getText();
            if (!PLAIN.matcher(text).matches()) {
                return (BigDecimal) context.handleWeirdStringValue(BigDecimal.class, text, "not a plain decimal");
            }
            return new BigDecimal(text);
        }
    }
}
