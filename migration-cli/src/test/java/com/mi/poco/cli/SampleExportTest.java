package com.mi.poco.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The committed sample ({@code samples/export}, imported by {@code bin/stack up}) is what the README
 * says it is, and no generated export can collide with it: after the sample, the README's own next
 * step (generate, import) must not meet a single conflicting line.
 */
class SampleExportTest {

    private static final Path SAMPLE = Path.of("..", "samples", "export");
    private static final List<String> FILES = List.of("accounts.jsonl", "mi-accounts.jsonl", "orders.jsonl",
            "feedback.jsonl", "points.jsonl", "coupons.jsonl", "products.jsonl");
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void theSampleIsTheGeneratorsOutputNumberedFrom90000001(@TempDir Path dir) throws IOException {
        new ExportGenerator(1, 50, ExportGenerator.SAMPLE_FIRST_NUMBER).writeTo(dir);
        for (String file : FILES) {
            assertEquals(Files.readAllLines(dir.resolve(file)), Files.readAllLines(SAMPLE.resolve(file)), file);
        }
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(longs = {1, 7})
    void noGeneratedRecordSharesAnIdWithTheSampleUnlessIdentical(long seed, @TempDir Path dir) throws IOException {
        new ExportGenerator(seed, 2_000).writeTo(dir);
        for (String file : FILES) {
            Set<String> sampleLines = new HashSet<>(Files.readAllLines(SAMPLE.resolve(file)));
            Set<String> sampleIds = sampleLines.stream().map(SampleExportTest::id).collect(Collectors.toSet());
            try (Stream<String> generated = Files.lines(dir.resolve(file))) {
                List<String> collisions = generated.filter(line -> sampleIds.contains(id(line)) && !sampleLines.contains(line))
                        .toList();
                assertTrue(collisions.isEmpty(), file + ": " + collisions.size() + " lines would conflict with the sample");
            }
        }
    }

    @Test
    void aGeneratedExportCannotReachTheSamplesNumbers() {
        assertThrows(IllegalArgumentException.class, () -> new ExportGenerator(1, ExportGenerator.SAMPLE_FIRST_NUMBER));
        assertThrows(IllegalArgumentException.class, () -> new ExportGenerator(1, 10, ExportGenerator.SAMPLE_FIRST_NUMBER - 5));
    }

    /** A line's unique id, whichever file it is from. */
    private static String id(String line) {
        try {
            JsonNode record = JSON.readTree(line);
            for (String field : List.of("code", "entryId", "feedbackId", "orderId", "miAccountId", "pocoAccountId", "slug")) {
                if (record.hasNonNull(field)) {
                    return field + "=" + record.get(field).asText();
                }
            }
            throw new IllegalStateException("no id in " + line);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
