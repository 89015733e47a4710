package com.mi.poco.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
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
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The main job, as a command ({@code bin/migrate}):
 * <ul>
 * <li>{@code generate DIR ACCOUNTS [SEED] [--first-number N]}: a synthetic export ({@link ExportGenerator}),
 * numbered from 1 unless told (the committed sample is numbered from 90,000,001);</li>
 * <li>{@code import DIR}: streams each file of an export to its service through the gateway, in parts
 * of at most {@value #PART_BYTES} bytes (with {@code ?firstLine=} so rejections keep the file's line
 * numbers), all files at once and {@value #PARTS_IN_FLIGHT} parts of a file at once; the rejected
 * lines go to {@code DIR/rejections/<file>}. Importing twice is harmless: the second time is all duplicates.</li>
 * <li>{@code run [--region R]}: starts a bulk migration, follows it to COMPLETED and verifies it.</li>
 * <li>{@code verify}, {@code pause}, {@code resume}, {@code dead-letters}: {@link Operations}.</li>
 * </ul>
 * Both show live progress and end with a summary; the exit status is non-zero if anything failed or
 * was rejected, and the summary says what. The gateway is {@code --gateway URL} or
 * {@code POCO_GATEWAY} (default http://127.0.0.1:8080), the ops token {@code POCO_TOKEN}.
 */
public final class Migrate {

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

    public record RunSummary(String migration, long total, long migrated, long completed, long alreadyMigrated,
            double seconds, JsonNode points, JsonNode coupons, String failure, boolean verified) {

        public boolean ok() {
            return failure == null && completed == total && points.path("agree").asBoolean(false) && verified;
        }
    }

    /** How long a request keeps being tried while the gateway or a service answers 503 or is unreachable. */
    static final Duration PATIENCE = Duration.ofMinutes(5);

    private static final int VERIFY_LISTED = 20;

    private final GatewayClient gateway;
    private final Operations operations;
    private final PrintStream out;
    private final int partBytes;

    public Migrate(URI gateway, String token, PrintStream out) {
        this(gateway, token, out, PART_BYTES);
    }

    /** With parts of at most {@code partBytes} (tests cut small files into several parts). */
    Migrate(URI gateway, String token, PrintStream out, int partBytes) {
        this.gateway = new GatewayClient(gateway, token, PATIENCE);
        this.operations = new Operations(this.gateway, out);
        this.out = out;
        this.partBytes = partBytes;
    }

    public static void main(String[] args) throws Exception {
        List<String> rest = new ArrayList<>(Arrays.asList(args));
        String gatewayUrl = option(rest, "--gateway", System.getenv().getOrDefault("POCO_GATEWAY", "http://127.0.0.1:8080"));
        String command = rest.isEmpty() ? "" : rest.remove(0);
        int status = switch (command) {
            case "generate" -> {
                if (rest.size() < 2) {
                    yield usage();
                }
                int firstNumber = Integer.parseInt(option(rest, "--first-number", "1"));
                ExportGenerator generator;
                try {
                    generator = new ExportGenerator(rest.size() > 2 ? Long.parseLong(rest.get(2)) : 1L,
                            Integer.parseInt(rest.get(1)), firstNumber);
                } catch (IllegalArgumentException e) {
                    System.err.println("generate: " + e.getMessage());
                    yield 2;
                }
                ExportGenerator.Expected expected = generator.writeTo(Path.of(rest.get(0)));
                System.out.println("generated " + rest.get(0) + ": " + expected);
                yield 0;
            }
            case "import" -> {
                if (rest.size() != 1) {
                    yield usage();
                }
                ImportSummary summary = client(gatewayUrl).importExport(Path.of(rest.get(0)));
                yield summary.ok() ? 0 : 1;
            }
            case "run" -> {
                String region = option(rest, "--region", null);
                long stall = Long.parseLong(option(rest, "--stall-seconds", "300"));
                if (!rest.isEmpty()) {
                    yield usage();
                }
                RunSummary summary = client(gatewayUrl).run(region, Duration.ofSeconds(stall));
                yield summary.ok() ? 0 : 1;
            }
            case "verify" -> {
                String migration = option(rest, "--migration", null);
                int listed = Integer.parseInt(option(rest, "--listed", "20"));
                yield rest.isEmpty() ? (client(gatewayUrl).operations.verify(migration, listed).ok() ? 0 : 1) : usage();
            }
            case "pause", "resume" -> rest.size() == 1 ? client(gatewayUrl).operations.change(rest.get(0), command) : usage();
            case "dead-letters" -> deadLetters(client(gatewayUrl).operations, rest);
            default -> usage();
        };
        System.exit(status);
    }

    private static Migrate client(String gatewayUrl) {
        String token = System.getenv("POCO_TOKEN");
        if (token == null || token.isBlank()) {
            System.err.println("migrate: no ops token in POCO_TOKEN (bin/migrate gets one with `bin/stack token ops`)");
            System.exit(2);
        }
        return new Migrate(URI.create(gatewayUrl), token, System.out);
    }

    private static int deadLetters(Operations operations, List<String> rest) throws IOException {
        String action = rest.isEmpty() ? "list" : rest.remove(0);
        String reason = option(rest, "--reason", null);
        if (action.equals("list")) {
            int limit = Integer.parseInt(option(rest, "--limit", "20"));
            return rest.isEmpty() ? operations.listDeadLetters(reason, limit) : usage();
        }
        if (!action.equals("replay")) {
            return usage();
        }
        com.fasterxml.jackson.databind.node.ObjectNode selection = JSON.createObjectNode();
        boolean all = rest.remove("--all");
        List<String> events = new ArrayList<>();
        for (String event = option(rest, "--event", null); event != null; event = option(rest, "--event", null)) {
            events.add(event);
        }
        if (!rest.isEmpty() || (all ? 1 : 0) + (reason != null ? 1 : 0) + (events.isEmpty() ? 0 : 1) != 1) {
            return usage();
        }
        if (all) {
            selection.put("all", true);
        } else if (reason != null) {
            selection.put("reason", reason);
        } else {
            events.forEach(selection.putArray("eventIds")::add);
        }
        return operations.replayDeadLetters(selection);
    }

    private static int usage() {
        System.err.println("""
                usage: bin/migrate generate DIR ACCOUNTS [SEED] [--first-number N]
                       bin/migrate import DIR            [--gateway URL]
                       bin/migrate run [--region R]      [--gateway URL] [--stall-seconds 300]
                       bin/migrate verify [--migration ID] [--listed 20]
                       bin/migrate pause|resume ID
                       bin/migrate dead-letters list [--reason KIND] [--limit 20]
                       bin/migrate dead-letters replay --all | --reason KIND | --event ID [--event ID ...]""");
        return 2;
    }

    private static String option(List<String> args, String name, String fallback) {
        int at = args.indexOf(name);
        if (at < 0 || at + 1 >= args.size()) {
            return fallback;
        }
        String value = args.get(at + 1);
        args.remove(at + 1);
        args.remove(at);
        return value;
    }

    // ---- import -----------------------------------------------------------------------------------

    public ImportSummary importExport(Path dir) throws Exception {
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
            Parts parts = new Parts(in, partBytes);
            while (tally.failure == null) {
                Part part = parts.next();
                if (part == null) {
                    break;
                }
                String path = ENDPOINTS.get(name) + "?firstLine=" + part.firstLine();
                sending.add(new Sending(part, senders.submit(() -> gateway.post(path, NDJSON, part.bytes()))));
                if (sending.size() == inFlight) {
                    tally.count(sending.remove());
                }
            }
        } catch (LineTooLong e) {
            tally.fail(e.getMessage());
        } finally {
            while (!sending.isEmpty()) {
                tally.count(sending.remove());
            }
        }
        return tally.report();
    }

    private record Part(long firstLine, long lines, byte[] bytes) {
    }

    private record Sending(Part part, Future<HttpResponse<String>> response) {
    }

    private static final class LineTooLong extends IOException {
        LineTooLong(int partBytes, long line) {
            super("a line longer than " + partBytes + " bytes near line " + line);
        }
    }

    /** A file cut into parts of at most {@code buffer.length} bytes, each ending at the end of a line. */
    private static final class Parts {

        private final InputStream in;
        private final byte[] buffer;
        private int carried;
        private long nextLine = 1;
        private boolean ended;

        Parts(InputStream in, int partBytes) {
            this.in = in;
            this.buffer = new byte[partBytes];
        }

        /** The next part, or null at the end of the file. */
        Part next() throws IOException {
            if (ended) {
                return null;
            }
            int length = carried + in.readNBytes(buffer, carried, buffer.length - carried);
            if (length == 0) {
                ended = true;
                return null;
            }
            int end = length;
            if (length < buffer.length) {
                ended = true; // the last part, with or without a newline at its end
            } else {
                while (end > 0 && buffer[end - 1] != '\n') {
                    end--;
                }
                if (end == 0) {
                    throw new LineTooLong(buffer.length, nextLine);
                }
            }
            byte[] bytes = Arrays.copyOf(buffer, end);
            carried = length - end;
            System.arraycopy(buffer, end, buffer, 0, carried);
            Part part = new Part(nextLine, count(bytes, bytes.length), bytes);
            nextLine += part.lines();
            return part;
        }
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
            Part part = sending.part();
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
                        java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND)) {
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

    // ---- run --------------------------------------------------------------------------------------

    public RunSummary run(String region, Duration stall) throws Exception {
        String body = region == null ? "{\"all\":true}" : JSON.writeValueAsString(Map.of("region", region));
        HttpResponse<String> started = gateway.postJson("/api/migrations", body);
        if (started.statusCode() != 202) {
            RunSummary failed = new RunSummary(null, 0, 0, 0, 0, 0, JSON.createObjectNode(), JSON.createObjectNode(),
                    "HTTP " + started.statusCode() + ": " + GatewayClient.detail(started.body()), false);
            out.println("run: FAILED: " + failed.failure());
            return failed;
        }
        String location = URI.create(started.headers().firstValue("Location").orElseThrow()).getPath();
        String id = location.substring(location.lastIndexOf('/') + 1);
        out.println("migration " + id + " started (bin/migrate pause " + id + " pauses it)");
        Progress progress = new Progress(out, "migrate", "accounts");
        long lastCompleted = -1;
        long lastChange = System.nanoTime();
        JsonNode state;
        String failure = null;
        while (true) {
            long asked = System.nanoTime();
            state = gateway.getJson(location);
            long answeredIn = System.nanoTime() - asked;
            long total = state.path("total").asLong();
            long completed = state.path("accounts").path("COMPLETED").asLong();
            progress.update(completed, total);
            if (completed >= total && "FINISHED".equals(state.path("status").asText())) {
                break;
            }
            if (completed != lastCompleted) {
                lastCompleted = completed;
                lastChange = System.nanoTime();
            } else if (System.nanoTime() - lastChange > stall.toNanos()
                    && !"PAUSED".equals(state.path("status").asText())) {
                failure = stalled(id, stall, state);
                break;
            }
            // The progress is a count of the migration's accounts per state: its cost to the database grows
            // with the accounts (seconds at a million on a server that is not vacuumed). Asking again only
            // after four times the last answer's time keeps following a migration to a fifth of one connection.
            Thread.sleep(Math.max(500, TimeUnit.NANOSECONDS.toMillis(4 * answeredIn)));
        }
        long total = state.path("total").asLong();
        JsonNode accounts = state.path("accounts");
        progress.finish(accounts.path("COMPLETED").asLong(), total);
        double seconds = progress.elapsedSeconds();
        JsonNode points = gateway.getJson("/api/loyalty/reconciliation");
        JsonNode coupons = gateway.getJson("/api/coupons/summary");
        Operations.Verified verified = operations.verify(id, VERIFY_LISTED);
        RunSummary summary = new RunSummary(state.path("id").asText(), total,
                accounts.path("MIGRATED").asLong() + accounts.path("COMPLETED").asLong(), accounts.path("COMPLETED").asLong(),
                state.path("alreadyMigrated").asLong(), seconds, points, coupons, failure, verified.ok());
        printRun(summary, verified);
        return summary;
    }

    /** Why a migration stalled: which step its accounts wait for, and the dead letters if there are any. */
    private String stalled(String id, Duration stall, JsonNode state) throws IOException {
        JsonNode checks = gateway.getJson("/api/migrations/verification?listed=5&migration=" + id).path("checks");
        StringBuilder why = new StringBuilder("no account completed for " + stall.toSeconds() + " s; "
                + state.path("accounts") + "; waiting for the points step: "
                + checks.path("waitingForPointsStep").path("failing").asLong() + ", for the coupons step: "
                + checks.path("waitingForCouponsStep").path("failing").asLong());
        long deadLetters = operations.waitingDeadLetters();
        if (deadLetters > 0) {
            why.append("; ").append(deadLetters).append(" dead letters wait: bin/migrate dead-letters list");
        }
        return why.toString();
    }

    private void printRun(RunSummary run, Operations.Verified verified) {
        out.printf(Locale.ROOT, "migration %s: %,d accounts in %.1f s (%,.0f accounts/s)%n", run.migration(), run.total(),
                run.seconds(), run.completed() / Math.max(0.001, run.seconds()));
        out.printf(Locale.ROOT, "  migrated   %,d%n  completed  %,d%n  already migrated before  %,d%n", run.migrated(),
                run.completed(), run.alreadyMigrated());
        JsonNode points = run.points();
        out.printf(Locale.ROOT, "  points     %,d conversions: %,d POCO points converted, %,d Mi points credited, "
                        + "%,d expired; books agree: %s%n", points.path("conversions").asLong(),
                points.path("pocoPointsConverted").asLong(), points.path("miPointsCredited").asLong(),
                points.path("expiredPoints").asLong(), points.path("agree").asBoolean());
        JsonNode coupons = run.coupons();
        out.printf(Locale.ROOT, "  coupons    %,d reissued; not reissued: %,d expired, %,d redeemed, %,d revoked; %,d undecided%n",
                coupons.path("reissued").asLong(), coupons.path("expired").asLong(), coupons.path("redeemed").asLong(),
                coupons.path("revoked").asLong(), coupons.path("undecided").asLong());
        if (run.failure() != null) {
            out.println("  FAILED: " + run.failure());
        } else if (run.completed() != run.total()) {
            out.printf(Locale.ROOT, "  FAILED: %,d accounts not completed%n", run.total() - run.completed());
        } else if (!points.path("agree").asBoolean()) {
            out.println("  FAILED: the points reconciliation does not agree: GET /api/loyalty/reconciliation");
        } else if (!verified.ok()) {
            verified.failures().forEach(f -> out.println("  FAILED: " + f));
        }
        out.println(run.ok() ? "run: OK" : "run: FAILED");
    }

    private static long count(byte[] bytes, int length) {
        long lines = 0;
        for (int i = 0; i < length; i++) {
            if (bytes[i] == '\n') {
                lines++;
            }
        }
        return lines;
    }
}
