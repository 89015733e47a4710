package com.mi.poco.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code bin/migrate import DIR}: streams each file of an export to its service through the gateway,
 * in parts of at most {@value #PART_BYTES} bytes ({@link ExportParts}, sent with {@code ?firstLine=} so
 * rejections keep the file's line numbers), all files at once and {@value #PARTS_IN_FLIGHT} parts of a
 * file at once; the rejected lines go to {@code DIR/rejections/<file>}. Importing twice is harmless: the
 * second time is all duplicates. Shows progress in megabytes and ends with a summary per file.
 */
public final class ExportImport {

    static final int PART_BYTES = 8 * 1024 * 1024;

    /**
     * Parts of one file in flight at once. A service imports a part in one request thread; with two,
     * it imports one while the next is read and sent, and the largest file (points, three lines per
     * account), which ends last, keeps both cores busy. A file's lines are independent of each other
     * (a chunk that collides with a concurrent one is applied again line by line), except products:
     * {@link #ONE_PART_AT_A_TIME}.
     */
    static final int PARTS_IN_FLIGHT = 2;

    /** A product's successor must not close a loop, which is checked against the products stored. */
    private static final Set<String> ONE_PART_AT_A_TIME = Set.of("products.jsonl");
    private static final ObjectMapper JSON = GatewayClient.JSON;
    private static final String NDJSON = "application/x-ndjson";

    /**
     * The export's files and where each is imported, in the order the summary lists them. No file
     * depends on another (history may arrive before its account, docs/legacy-export.md), so all are sent at
     * once: a service with several files imports them side by side.
     */
    private static final Map<String, String> ENDPOINTS = new LinkedHashMap<>();

    static {
        ENDPOINTS.put("mi-accounts.jsonl", "/api/accounts/imports/mi-accounts");
        ENDPOINTS.put("accounts.jsonl", "/api/accounts/imports/accounts");
        ENDPOINTS.put("orders.jsonl", "/api/accounts/imports/orders");
        ENDPOINTS.put("feedback.jsonl", "/api/accounts/imports/feedback");
        ENDPOINTS.put("points.jsonl", "/api/loyalty/imports/points");
        ENDPOINTS.put("coupons.jsonl", "/api/coupons/imports/coupons");
        ENDPOINTS.put("products.jsonl", "/api/catalog/imports/products");
    }

    /** How one file went. {@code failure} is set if it could not be imported whole. */
    public record FileReport(String file, long lines, long accepted, long duplicates, long rejected, String failure) {
    }

    public record ImportSummary(Path dir, List<FileReport> files, double seconds) {

        public long rejected() {
            return files.stream().mapToLong(FileReport::rejected).sum();
        }

        public boolean ok() {
            return rejected() == 0 && files.stream().allMatch(f -> f.failure() == null);
        }
    }

    private final GatewayClient gateway;
    private final PrintStream out;
    private final int partBytes;

    ExportImport(GatewayClient gateway, PrintStream out, int partBytes) {
        this.gateway = gateway;
        this.out = out;
        this.partBytes = partBytes;
    }

    ImportSummary importExport(Path dir) throws Exception {
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("no export directory " + dir);
        }
        // Progress in bytes: their total is known at once, where counting the lines would read the
        // whole export once more before the first line is sent (half a minute for 1.7 GB not cached).
        long total = 0;
        for (String file : ENDPOINTS.keySet()) {
            total += Files.exists(dir.resolve(file)) ? Files.size(dir.resolve(file)) : 0;
        }
        Path rejections = dir.resolve("rejections");
        Progress progress = new Progress(out, "import", "MB", 1 << 20);
        AtomicLong done = new AtomicLong();
        long all = total;
        ExecutorService files = Executors.newFixedThreadPool(ENDPOINTS.size());
        ExecutorService senders = Executors.newFixedThreadPool(ENDPOINTS.size() * PARTS_IN_FLIGHT);
        List<Future<FileReport>> running = new ArrayList<>();
        for (String file : ENDPOINTS.keySet()) {
            if (Files.exists(dir.resolve(file))) {
                running.add(files.submit(() -> importFile(dir.resolve(file), rejections, senders,
                        bytes -> progress.update(done.addAndGet(bytes), all))));
            }
        }
        List<FileReport> reports = new ArrayList<>();
        try {
            for (Future<FileReport> file : running) {
                reports.add(file.get());
            }
        } finally {
            files.shutdownNow();
            senders.shutdownNow();
        }
        progress.finish(done.get(), total);
        ImportSummary summary = new ImportSummary(dir, reports, progress.elapsedSeconds());
        printImport(summary);
        return summary;
    }

    private interface Sent {
        void bytes(long count);
    }

    /**
     * Reads the file part after part and keeps up to {@link #PARTS_IN_FLIGHT} of them in flight; the
     * answers are counted in the file's order. After a part fails, no further part is sent; those in
     * flight are still counted, and the failure names the first line of the part that failed.
     */
    private FileReport importFile(Path file, Path rejectionsDir, ExecutorService senders, Sent sent)
            throws IOException, InterruptedException {
        String name = file.getFileName().toString();
        Path rejections = rejectionsDir.resolve(name);
        Files.deleteIfExists(rejections);
        FileTally tally = new FileTally(name, rejections, sent);
        int inFlight = ONE_PART_AT_A_TIME.contains(name) ? 1 : PARTS_IN_FLIGHT;
        Deque<Sending> sending = new ArrayDeque<>();
        try (InputStream in = Files.newInputStream(file)) {
            ExportParts parts = new ExportParts(in, partBytes);
            while (tally.failure == null) {
                ExportParts.Part part = parts.next();
                if (part == null) {
                    break;
                }
                String path = ENDPOINTS.get(name) + "?firstLine=" + part.firstLine();
                sending.add(new Sending(part, senders.submit(() -> gateway.post(path, NDJSON, part.bytes()))));
                if (sending.size() == inFlight) {
                    tally.count(sending.remove());
                }
            }
        } catch (ExportParts.LineTooLong e) {
            tally.fail(e.getMessage());
        } finally {
            while (!sending.isEmpty()) {
                tally.count(sending.remove());
            }
        }
        return tally.report();
    }

    private record Sending(ExportParts.Part part, Future<HttpResponse<String>> response) {
    }

    /** What the parts of one file came to, counted in the file's order. */
    private final class FileTally {

        private final String name;
        private final Path rejections;
        private final Sent sent;
        private long lines;
        private long accepted;
        private long duplicates;
        private long rejected;
        private String failure;

        FileTally(String name, Path rejections, Sent sent) {
            this.name = name;
            this.rejections = rejections;
            this.sent = sent;
        }

        void count(Sending sending) throws IOException, InterruptedException {
            ExportParts.Part part = sending.part();
            HttpResponse<String> response;
            try {
                response = sending.response().get();
            } catch (ExecutionException e) {
                fail("gateway unreachable: " + e.getCause().getMessage());
                return;
            }
            if (response.statusCode() != 200) {
                fail("HTTP " + response.statusCode() + " at line " + part.firstLine() + ": " + GatewayClient.detail(response.body()));
                return;
            }
            JsonNode report = JSON.readTree(response.body());
            accepted += report.path("accepted").asLong();
            duplicates += report.path("duplicates").asLong();
            rejected += report.path("rejected").asLong();
            if (report.path("rejections").size() > 0) {
                Files.createDirectories(rejections.getParent());
                try (BufferedWriter writer = Files.newBufferedWriter(rejections,
                        StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
                    for (JsonNode rejection : report.path("rejections")) {
                        writer.write(rejection.toString());
                        writer.newLine();
                    }
                }
            }
            lines += part.lines();
            sent.bytes(part.bytes().length);
        }

        /** The first failure is the one reported. */
        void fail(String reason) {
            if (failure == null) {
                failure = reason;
            }
        }

        FileReport report() {
            return new FileReport(name, lines, accepted, duplicates, rejected, failure);
        }
    }

    private void printImport(ImportSummary summary) {
        long lines = summary.files().stream().mapToLong(FileReport::lines).sum();
        out.printf(Locale.ROOT, "imported %s: %,d lines in %.1f s (%,.0f lines/s)%n", summary.dir(), lines,
                summary.seconds(), lines / Math.max(0.001, summary.seconds()));
        for (FileReport file : summary.files()) {
            out.printf(Locale.ROOT, "  %-18s %,10d lines  accepted %,10d  duplicates %,10d  rejected %,8d%s%n", file.file(),
                    file.lines(), file.accepted(), file.duplicates(), file.rejected(),
                    file.failure() == null ? "" : "  FAILED: " + file.failure());
        }
        if (summary.rejected() > 0) {
            out.printf(Locale.ROOT, "  %,d rejected lines: reasons in %s/<file> (line numbers are the file's)%n",
                    summary.rejected(), summary.dir().resolve("rejections"));
        }
        out.println(summary.ok() ? "import: OK" : "import: FAILED (see above)");
    }
}
