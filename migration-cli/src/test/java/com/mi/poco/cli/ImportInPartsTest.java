package com.mi.poco.cli;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.startsWith;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/migrate import} against a stand-in for the gateway's import endpoints, with parts of
 * 1 KiB: each file arrives whole, cut at line ends, with the right first line numbers, two parts at
 * once (products one at a time), counted and its rejections written in the file's order.
 */
class ImportInPartsTest {

    private static final int PART_BYTES = 1024;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path export;

    private HttpServer server;
    private final Map<String, Map<Long, String>> received = new ConcurrentSkipListMap<>();
    private final Map<String, AtomicInteger> inFlight = new ConcurrentSkipListMap<>();
    private final Map<String, AtomicInteger> mostInFlight = new ConcurrentSkipListMap<>();
    /** The first two parts of a file wait for each other (up to 2 s), so that two in flight are seen if sent. */
    private final Map<String, CountDownLatch> firstTwo = new ConcurrentSkipListMap<>();
    private volatile long failAtLine = -1;
    /** A part holding this line is answered 503 with Retry-After: 1, this many times, before it is imported. */
    private volatile long unavailableAtLine = -1;
    private final AtomicInteger unavailableAnswers = new AtomicInteger();
    private final List<Long> unavailableAnsweredAt = new java.util.concurrent.CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newFixedThreadPool(16));
        server.createContext("/api/", this::importPart);
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    /** Answers as an import endpoint does: a line containing "bad" is rejected, the others accepted. */
    private void importPart(HttpExchange exchange) throws IOException {
        String endpoint = exchange.getRequestURI().getPath();
        long firstLine = Long.parseLong(exchange.getRequestURI().getQuery().replace("firstLine=", ""));
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        int now = inFlight.computeIfAbsent(endpoint, k -> new AtomicInteger()).incrementAndGet();
        mostInFlight.computeIfAbsent(endpoint, k -> new AtomicInteger()).accumulateAndGet(now, Math::max);
        try {
            CountDownLatch pair = firstTwo.computeIfAbsent(endpoint, k -> new CountDownLatch(2));
            pair.countDown();
            pair.await(2, TimeUnit.SECONDS);
            received.computeIfAbsent(endpoint, k -> new ConcurrentSkipListMap<>()).put(firstLine, body);
            String[] lines = body.split("\n");
            if (unavailableAtLine >= firstLine && unavailableAtLine < firstLine + lines.length
                    && unavailableAnswers.getAndDecrement() > 0) {
                unavailableAnsweredAt.add(System.nanoTime());
                exchange.getResponseHeaders().set("Retry-After", "1");
                respond(exchange, 503, Map.of("type", "dependency-unavailable", "title", "Service unavailable",
                        "detail", "the database is briefly unavailable"));
                return;
            }
            if (failAtLine >= firstLine && failAtLine < firstLine + lines.length) {
                respond(exchange, 400, Map.of("type", "about:blank", "title", "Bad Request", "detail", "refused"));
                return;
            }
            List<Map<String, Object>> rejections = new ArrayList<>();
            for (int i = 0; i < lines.length; i++) {
                if (lines[i].contains("bad")) {
                    rejections.add(Map.of("line", firstLine + i, "reason", "bad"));
                }
            }
            respond(exchange, 200, Map.of("accepted", lines.length - rejections.size(), "duplicates", 0,
                    "rejected", rejections.size(), "rejections", rejections));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            inFlight.get(endpoint).decrementAndGet();
        }
    }

    private static void respond(HttpExchange exchange, int status, Object body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", status == 200 ? "application/json" : "application/problem+json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    private Migrate cli() {
        return new Migrate(URI.create("http://127.0.0.1:" + server.getAddress().getPort()), "token",
                new PrintStream(new ByteArrayOutputStream()), PART_BYTES);
    }

    /** {@code count} lines of about 40 bytes, every 97th of them "bad". */
    private String write(String file, int count) throws IOException {
        String text = IntStream.rangeClosed(1, count)
                .mapToObj(i -> "{\"id\":\"" + (i % 97 == 0 ? "bad" : "line") + "-" + i + "\",\"padding\":\"xxxxxxxx\"}\n")
                .collect(Collectors.joining());
        Files.writeString(export.resolve(file), text);
        return text;
    }

    @Test
    void eachFileArrivesWholeInPartsTwoAtATimeAndIsCountedInItsOrder() throws Exception {
        String points = write("points.jsonl", 2000);

        ExportImport.ImportSummary summary = cli().importExport(export);

        Map<Long, String> parts = received.get("/api/loyalty/imports/points");
        assertThat(parts.size(), greaterThan(50));
        assertThat(String.join("", parts.values()), equalTo(points));
        long expectedFirst = 1;
        for (Map.Entry<Long, String> part : parts.entrySet()) {
            assertThat(part.getKey(), equalTo(expectedFirst));
            assertThat(part.getValue().length(), lessThan(PART_BYTES + 1));
            assertThat(part.getValue().endsWith("\n"), equalTo(true));
            expectedFirst += part.getValue().split("\n").length;
        }
        assertThat(mostInFlight.get("/api/loyalty/imports/points").get(), equalTo(2));

        ExportImport.FileReport report = summary.files().get(0);
        assertThat(report.lines(), equalTo(2000L));
        assertThat(report.rejected(), equalTo(20L));
        assertThat(report.accepted(), equalTo(1980L));
        assertThat(report.failure(), equalTo(null));
        List<Long> rejectedLines = new ArrayList<>();
        for (String rejection : Files.readAllLines(export.resolve("rejections/points.jsonl"))) {
            rejectedLines.add(JSON.readTree(rejection).path("line").asLong());
        }
        assertThat(rejectedLines, contains(multiplesOf(97, 2000)));
    }

    @Test
    void productsGoOnePartAtATime() throws Exception {
        String products = write("products.jsonl", 300);

        ExportImport.ImportSummary summary = cli().importExport(export);

        assertThat(String.join("", received.get("/api/catalog/imports/products").values()), equalTo(products));
        assertThat(mostInFlight.get("/api/catalog/imports/products").get(), equalTo(1));
        assertThat(summary.files().get(0).lines(), equalTo(300L));
    }

    @Test
    void aRefusedPartStopsItsFileAndIsNamedByItsFirstLine() throws Exception {
        write("coupons.jsonl", 2000);
        failAtLine = 1000;

        ExportImport.ImportSummary summary = cli().importExport(export);

        ExportImport.FileReport report = summary.files().get(0);
        Map<Long, String> parts = received.get("/api/coupons/imports/coupons");
        long failedPart = parts.keySet().stream().filter(first -> first <= 1000).max(Long::compare).orElseThrow();
        assertThat(report.failure(), startsWith("HTTP 400 at line " + failedPart + ": refused"));
        assertThat(summary.ok(), equalTo(false));
        // the part after the refused one may have been in flight already; none after it was sent
        List<Long> after = parts.keySet().stream().filter(first -> first > failedPart).toList();
        assertThat(after.size(), lessThan(2));
        assertThat(report.lines(), equalTo(failedPart - 1 + after.stream()
                .mapToLong(first -> parts.get(first).split("\n").length).sum()));
    }

    @Test
    void aPartAnswered503IsSentAgainNoSoonerThanItsRetryAfterAndTheFileCompletes() throws Exception {
        String coupons = write("coupons.jsonl", 1000);
        unavailableAtLine = 500;
        unavailableAnswers.set(2);

        ExportImport.ImportSummary summary = cli().importExport(export);

        ExportImport.FileReport report = summary.files().get(0);
        assertThat(report.failure(), equalTo(null));
        assertThat(report.lines(), equalTo(1000L));
        assertThat(String.join("", received.get("/api/coupons/imports/coupons").values()), equalTo(coupons));
        assertThat(unavailableAnsweredAt.size(), equalTo(2));
        assertThat(unavailableAnsweredAt.get(1) - unavailableAnsweredAt.get(0),
                greaterThan(java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(990)));
        assertThat(summary.ok(), equalTo(false)); // every 97th line is rejected by the stand-in
        assertThat(summary.rejected(), equalTo(10L));
    }

    /** The numbers up to {@code last} that are multiples of {@code step}. */
    private static Long[] multiplesOf(long step, long last) {
        return LongStream.rangeClosed(1, last / step).map(n -> n * step).boxed().toArray(Long[]::new);
    }
}
