import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Benchmark (not a test) of account-service: imports N generated POCO accounts (a fifth of them with
 * an existing Mi account to link to) and migrates them all, and prints accounts per second for the
 * import and for the migration. Runs against the stack started by {@code bin/stack up}:
 *
 * <pre>java bench/AccountBench.java [accounts=100000] [runs=3] [http://localhost:8081]</pre>
 *
 * Each run uses fresh ids, so runs can repeat on the same database; the median of the runs is the
 * figure to quote (the machine is shared and noisy).
 */
public class AccountBench {

    /** The ops bearer token every request carries: {@code POCO_TOKEN=$(bin/stack token ops)}. */
    private static final String OPS = "Bearer " + Objects.requireNonNull(System.getenv("POCO_TOKEN"),
            "set POCO_TOKEN to an ops token: POCO_TOKEN=$(bin/stack token ops) java bench/...");

    private static final int PART_LINES = 50_000;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public static void main(String[] args) throws Exception {
        int accounts = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        String base = args.length > 2 ? args[2] : "http://localhost:8081";
        List<Double> importRates = new ArrayList<>();
        List<Double> migrationRates = new ArrayList<>();
        for (int run = 1; run <= runs; run++) {
            String prefix = "B" + UUID.randomUUID().toString().substring(0, 6);
            double importSeconds = importAccounts(base, prefix, accounts);
            double migrateSeconds = migrateAll(base, accounts);
            importRates.add(accounts / importSeconds);
            migrationRates.add(accounts / migrateSeconds);
            System.out.printf("run %d: import %,d accounts in %.1f s (%,.0f/s); migrate in %.1f s (%,.0f/s)%n",
                    run, accounts, importSeconds, accounts / importSeconds, migrateSeconds, accounts / migrateSeconds);
        }
        System.out.printf("median over %d runs of %,d accounts: import %,.0f accounts/s, migration %,.0f accounts/s%n",
                runs, accounts, median(importRates), median(migrationRates));
    }

    /** accounts.jsonl and mi-accounts.jsonl, sent in parts of PART_LINES lines; returns seconds. */
    private static double importAccounts(String base, String prefix, int count) throws Exception {
        long start = System.nanoTime();
        StringBuilder mi = new StringBuilder();
        for (int i = 0; i < count; i += 5) {
            mi.append("{\"miAccountId\":\"M").append(prefix).append(i).append("\",\"email\":\"user").append(i)
                    .append('.').append(prefix).append("@example.com\",\"region\":\"uk\"}\n");
        }
        post(base + "/api/accounts/imports/mi-accounts", mi.toString(), count / 5);
        for (int first = 0; first < count; first += PART_LINES) {
            StringBuilder part = new StringBuilder();
            for (int i = first; i < Math.min(count, first + PART_LINES); i++) {
                part.append("{\"pocoAccountId\":\"P").append(prefix).append(i)
                        .append("\",\"email\":\"user").append(i).append('.').append(prefix)
                        .append("@example.com\",\"emailVerified\":").append(i % 3 != 0)
                        .append(",\"name\":\"User ").append(i).append("\",\"phone\":\"+447700900123\",\"region\":\"")
                        .append(i % 2 == 0 ? "uk" : "fr").append("\",\"createdAt\":\"2021-03-04T10:00:00Z\"}\n");
            }
            post(base + "/api/accounts/imports/accounts?firstLine=" + (first + 1), part.toString(),
                    Math.min(count, first + PART_LINES) - first);
        }
        return (System.nanoTime() - start) / 1e9;
    }

    /** Starts {"all":true} and polls it until FINISHED; returns seconds. */
    private static double migrateAll(String base, int expected) throws Exception {
        long start = System.nanoTime();
        HttpResponse<String> started = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/api/migrations")).header("Authorization", OPS)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"all\":true}")).build(), HttpResponse.BodyHandlers.ofString());
        if (started.statusCode() != 202) {
            throw new IllegalStateException("migration refused: " + started.statusCode() + " " + started.body());
        }
        String location = started.headers().firstValue("Location").orElseThrow();
        while (true) {
            String progress = HTTP.send(HttpRequest.newBuilder(URI.create(location)).header("Authorization", OPS).GET().build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            if (progress.contains("\"FINISHED\"")) {
                long total = number(progress, "total");
                if (total < expected) {
                    throw new IllegalStateException("migrated " + total + ", expected at least " + expected + ": " + progress);
                }
                return (System.nanoTime() - start) / 1e9;
            }
            Thread.sleep(200);
        }
    }

    private static void post(String url, String body, int lines) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", OPS)
                .header("Content-Type", "application/x-ndjson")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200 || number(response.body(), "accepted") != lines) {
            throw new IllegalStateException("import to " + url + " answered " + response.statusCode() + ": "
                    + response.body().substring(0, Math.min(500, response.body().length())));
        }
    }

    private static long number(String json, String field) {
        Matcher m = Pattern.compile("\"" + field + "\"\\s*:\\s*(\\d+)").matcher(json);
        return m.find() ? Long.parseLong(m.group(1)) : -1;
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
