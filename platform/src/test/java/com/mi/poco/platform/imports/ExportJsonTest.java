package com.mi.poco.platform.imports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** An export's line is read as its format says, and a value of the wrong type is said in the JSON's words. */
class ExportJsonTest {

    enum Kind { AMOUNT, PERCENT }

    record Line(String id, Instant at, LocalDate day, BigDecimal money, Integer count, Long delta, Boolean flag,
            Kind kind, List<Item> items) {
    }

    record Item(String sku, Integer quantity) {
    }

    private static final String GOOD = """
            {"id":"P1","at":"2024-05-01T09:30:00Z","day":"2025-01-09","money":"249.99","count":2,"delta":-500,\
            "flag":true,"kind":"AMOUNT","items":[{"sku":"POCO-F6","quantity":1}],"unknown":{"ignored":[1]}}""";

    private final ExportJson export = new ExportJson(new ObjectMapper().findAndRegisterModules());

    @Test
    void aLineAsTheFormatWritesItIsRead() {
        Line line = export.read(GOOD, Line.class);
        assertEquals(new Line("P1", Instant.parse("2024-05-01T09:30:00Z"), LocalDate.of(2025, 1, 9), new BigDecimal("249.99"),
                2, -500L, true, Kind.AMOUNT, List.of(new Item("POCO-F6", 1))), line);
    }

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(delimiter = '|', textBlock = """
            "id":123                          | id: expected a string, got 123
            "id":true                         | id: expected a string, got true
            "id":{"a":1}                      | id: expected a string, got an object
            "at":1714555800                   | at: expected an ISO-8601 time in UTC such as 2024-05-01T09:30:00Z, got 1714555800
            "at":"yesterday"                  | at: expected an ISO-8601 time in UTC such as 2024-05-01T09:30:00Z, got "yesterday"
            "at":"2021-02-30T00:00:00Z"       | at: expected an ISO-8601 time in UTC such as 2024-05-01T09:30:00Z, got "2021-02-30T00:00:00Z"
            "at":"+294277-01-01T00:00:00Z"    | at: expected an ISO-8601 time in UTC such as 2024-05-01T09:30:00Z, got "+294277-01-01T00:00:00Z"
            "at":"+10000-01-01T00:00:00Z"     | at: expected an ISO-8601 time in UTC such as 2024-05-01T09:30:00Z, got "+10000-01-01T00:00:00Z"
            "at":"0000-12-31T23:59:59Z"       | at: expected an ISO-8601 time in UTC such as 2024-05-01T09:30:00Z, got "0000-12-31T23:59:59Z"
            "at":"-004714-01-01T00:00:00Z"    | at: expected an ISO-8601 time in UTC such as 2024-05-01T09:30:00Z, got "-004714-01-01T00:00:00Z"
            "day":"0000-01-01"                | day: expected an ISO-8601 date such as 2025-01-09, got "0000-01-01"
            "day":"+5874898-01-01"            | day: expected an ISO-8601 date such as 2025-01-09, got "+5874898-01-01"
            "day":20250109                    | day: expected an ISO-8601 date such as 2025-01-09, got 20250109
            "day":[2025,1,9]                  | day: expected an ISO-8601 date such as 2025-01-09, got a list
            "money":249.99                    | money: expected a decimal string such as "249.99", got 249.99
            "money":"1e3"                     | money: expected a decimal string such as "249.99", got "1e3"
            "money":"NaN"                     | money: expected a decimal string such as "249.99", got "NaN"
            "money":" 1.00"                   | money: expected a decimal string such as "249.99", got " 1.00"
            "count":"2"                       | count: expected a whole number, got "2"
            "count":1.5                       | count: expected a whole number, got 1.5
            "delta":true                      | delta: expected a whole number, got true
            "flag":"true"                     | flag: expected true or false, got "true"
            "flag":1                          | flag: expected true or false, got 1
            "kind":"amount"                   | kind: expected one of AMOUNT, PERCENT, got "amount"
            "kind":0                          | kind: expected one of AMOUNT, PERCENT, got 0
            "items":{"sku":"x"}               | items: expected a list, got an object
            "items":[{"sku":"x","quantity":"1"}] | items[0].quantity: expected a whole number, got "1"
            """)
    void aValueOfTheWrongTypeIsNamedWithWhatItTakes(String field, String reason) {
        String line = GOOD.replaceFirst("\"" + field.substring(1, field.indexOf('"', 1)) + "\":(\"[^\"]*\"|[^,]*|\\[.*?]),", field + ",");
        assertEquals(reason, assertThrows(RejectedLine.class, () -> export.read(line, Line.class)).getMessage());
    }

    @Test
    void theFirstAndLastYearsOfFourDigitsAreRead() {
        for (String at : List.of("0001-01-01T00:00:00Z", "9999-12-31T23:59:59Z")) {
            assertEquals(Instant.parse(at), export.read(GOOD.replace("2024-05-01T09:30:00Z", at), Line.class).at());
        }
        assertEquals(LocalDate.of(9999, 12, 31), export.read(GOOD.replace("2025-01-09", "9999-12-31"), Line.class).day());
    }

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '\'', textBlock = """
            {"id":"P1","id":"P2"}                | malformed JSON: Duplicate field 'id'
            {"id":"P1"}{"id":"P2"}               | malformed JSON: more than one value on the line
            [{"id":"P1"}]                        | expected an object, got a list
            null                                 | null is not a record
            {"id":"P1",                          | malformed JSON: Unexpected end-of-input
            {"items":[{"quantity":4294967296}]}  | items[0].quantity: Numeric value (4294967296) out of range of int
            {"id":"P1"} trailing                 | malformed JSON: Unrecognized token 'trailing'
            "just text"                          | expected an object, got "just text"
            """)
    void aLineThatHoldsNoOneRecordSaysWhy(String line, String reason) {
        String said = assertThrows(RejectedLine.class, () -> export.read(line, Line.class)).getMessage();
        assertTrue(said.startsWith(reason), said);
    }

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '\'', textBlock = """
            {"id":"P1"                 | malformed JSON: Unexpected end-of-input: expected close marker for Object (column 11)
            {"id":"P1","id":"P2"}      | malformed JSON: Duplicate field 'id' (column 16)
            {"id":"P1" "name":"x"}     | malformed JSON: Unexpected character ('"' (code 34)): was expecting comma to separate Object entries (column 12)
            """)
    void malformedJsonIsToldByItsColumnNotByTheParsersSource(String line, String reason) {
        assertEquals(reason, assertThrows(RejectedLine.class, () -> export.read(line, Line.class)).getMessage());
    }
}
