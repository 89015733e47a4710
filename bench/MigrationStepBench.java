import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Objects;
import java.util.UUID;
import java.util.function.IntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Benchmark (not a test) of one consuming step of the migration: loyalty-service converting points,
 * or coupon-service reissuing coupons. N accounts with points or coupons are imported and migrated
 * through account-service; the clock runs from the start of the migration until the step has handled
 * every account, and the figure is accounts per second. Runs against {@code bin/stack up}, best on a
 * fresh one ({@code bin/stack clean && bin/stack up}):
 *
 * <pre>java bench/MigrationStepBench.java loyalty|coupons [accounts=100000]</pre>
 */
public class MigrationStepBench {

    /** The ops bearer token every request carries: {@code POCO_TOKEN=$(bin/stack token ops)}. */
    private static final String OPS = "Bearer " + Objects.requireNonNull(System.getenv("POCO_TOKEN"),
            "set POCO_TOKEN to an ops token: POCO_TOKEN=$(bin/stack token ops) java bench/...");

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final String ACCOUNTS = "http://localhost:8081";
    private static final int PART = 50_000;

    /** What a step imports for account i, where it imports it, and how it counts the accounts it handled. */
    private record Step(String importUrl, IntFunction<String> lines, String progressUrl, String progressField) {
    }

    public static void main(String[] args) throws Exception {
        String name = args.length > 0 ? args[0] : "loyalty";
        int n = args.length > 1 ? Integer.parseInt(args[1]) : 100_000;
        String run = name.charAt(0) + UUID.randomUUID().toString().substring(0, 6);
        Step step = switch (name) {
            case "loyalty" -> new Step("http://localhost:8082/api/loyalty/imports/points", i ->
                    line("{\"entryId\":\"%s%d-1\",\"pocoAccountId\":\"%s%d\",\"delta\":%d,\"reason\":\"ORDER\","
                            + "\"at\":\"2024-05-01T09:30:00Z\"}", run, i, run, i, 100 + i % 400)
                    + (i % 4 == 0 ? line("{\"entryId\":\"%s%d-2\",\"pocoAccountId\":\"%s%d\",\"delta\":-50,"
                            + "\"reason\":\"REDEMPTION\",\"at\":\"2024-06-01T09:30:00Z\"}", run, i, run, i) : ""),
                    "http://localhost:8082/api/loyalty/reconciliation", "conversions");
            case "coupons" -> new Step("http://localhost:8083/api/coupons/imports/coupons", i ->
                    line("{\"code\":\"POCO-%s%d\",\"pocoAccountId\":\"%s%d\",\"kind\":\"AMOUNT\",\"value\":\"10.00\","
                            + "\"currency\":\"GBP\",\"minSpend\":\"100.00\",\"issuedAt\":\"2024-11-01T00:00:00Z\","
                            + "\"expiresAt\":\"%s\",\"status\":\"%s\"}", run, i, run, i,
                            i % 3 == 0 ? "2024-12-01T00:00:00Z" : "2025-03-31T23:59:59Z", i % 5 == 0 ? "REDEEMED" : "ACTIVE"),
                    "http://localhost:8083/api/coupons/summary", "accounts");
            default -> throw new IllegalArgumentException("step is loyalty or coupons, not " + name);
        };
        long before = number(get(step.progressUrl()), step.progressField());

        for (int first = 0; first < n; first += PART) {
            StringBuilder accounts = new StringBuilder();
            StringBuilder owned = new StringBuilder();
            for (int i = first; i < Math.min(n, first + PART); i++) {
                accounts.append(line("{\"pocoAccountId\":\"%s%d\",\"emailVerified\":false,\"region\":\"uk\","
                        + "\"createdAt\":\"2021-03-04T10:00:00Z\"}", run, i));
                owned.append(step.lines().apply(i));
            }
            post(ACCOUNTS + "/api/accounts/imports/accounts", "application/x-ndjson", accounts.toString());
            post(step.importUrl(), "application/x-ndjson", owned.toString());
        }
        String location = post(ACCOUNTS + "/api/migrations", "application/json", "{\"all\":true}")
                .headers().firstValue("Location").orElseThrow();
        long start = System.nanoTime();
        while (!get(location).contains("\"FINISHED\"")) {
            Thread.sleep(200);
        }
        double migrated = (System.nanoTime() - start) / 1e9;
        String progress;
        while (number(progress = get(step.progressUrl()), step.progressField()) - before < n) {
            Thread.sleep(1000);
        }
        double total = (System.nanoTime() - start) / 1e9;
        System.out.printf("%s: %,d accounts migrated in %.1f s; all handled %.1f s after the migration started:"
                + " %,.0f accounts/s%n", name, n, migrated, total, n / total);
        System.out.println(progress);
    }

    private static String line(String format, Object... values) {
        return String.format(format, values) + "\n";
    }

    private static HttpResponse<String> post(String url, String type, String body) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url))
                .header("Authorization", OPS).header("Content-Type", type)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2 || number(response.body(), "rejected") > 0) {
            throw new IllegalStateException(url + " answered " + response.statusCode() + ": " + response.body());
        }
        return response;
    }

    private static String get(String url) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", OPS).GET().build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    private static long number(String json, String field) {
        Matcher m = Pattern.compile("\"" + field + "\"\\s*:\\s*(\\d+)").matcher(json);
        return m.find() ? Long.parseLong(m.group(1)) : -1;
    }
}
