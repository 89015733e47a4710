import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Benchmark (not a test) of loyalty-service: N accounts with points are imported and migrated through
 * account-service; the clock runs from the end of the migration until loyalty-service has converted
 * every account (its reconciliation counts them), and the figure is conversions per second. Runs
 * against {@code bin/stack up}:
 *
 * <pre>java bench/LoyaltyBench.java [accounts=100000]</pre>
 */
public class LoyaltyBench {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final String ACCOUNTS = "http://localhost:8081";
    private static final String LOYALTY = "http://localhost:8082";
    private static final int PART = 50_000;

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        String run = "L" + UUID.randomUUID().toString().substring(0, 6);
        long before = number(get(LOYALTY + "/api/loyalty/reconciliation"), "conversions");

        for (int first = 0; first < n; first += PART) {
            StringBuilder accounts = new StringBuilder();
            StringBuilder points = new StringBuilder();
            for (int i = first; i < Math.min(n, first + PART); i++) {
                accounts.append("{\"pocoAccountId\":\"").append(run).append(i)
                        .append("\",\"emailVerified\":false,\"region\":\"uk\",\"createdAt\":\"2021-03-04T10:00:00Z\"}\n");
                points.append("{\"entryId\":\"").append(run).append(i).append("-1\",\"pocoAccountId\":\"").append(run).append(i)
                        .append("\",\"delta\":").append(100 + i % 400).append(",\"reason\":\"ORDER\",\"at\":\"2024-05-01T09:30:00Z\"}\n");
                if (i % 4 == 0) {
                    points.append("{\"entryId\":\"").append(run).append(i).append("-2\",\"pocoAccountId\":\"").append(run).append(i)
                            .append("\",\"delta\":-50,\"reason\":\"REDEMPTION\",\"at\":\"2024-06-01T09:30:00Z\"}\n");
                }
            }
            post(ACCOUNTS + "/api/accounts/imports/accounts", "application/x-ndjson", accounts.toString());
            post(LOYALTY + "/api/loyalty/imports/points", "application/x-ndjson", points.toString());
        }
        String location = post(ACCOUNTS + "/api/migrations", "application/json", "{\"all\":true}")
                .headers().firstValue("Location").orElseThrow();
        long migrationStart = System.nanoTime();
        while (!get(location).contains("\"FINISHED\"")) {
            Thread.sleep(100);
        }
        double migrated = (System.nanoTime() - migrationStart) / 1e9;
        long convertedAtMigrationEnd = number(get(LOYALTY + "/api/loyalty/reconciliation"), "conversions") - before;
        String books;
        while (true) {
            books = get(LOYALTY + "/api/loyalty/reconciliation");
            if (number(books, "conversions") - before >= n) {
                break;
            }
            Thread.sleep(1000);
        }
        double total = (System.nanoTime() - migrationStart) / 1e9;
        System.out.printf("%,d accounts: migrated in %.1f s; %,d converted by then; all converted %.1f s after the"
                + " migration started: %,.0f conversions/s%n", n, migrated, convertedAtMigrationEnd, total, n / total);
        System.out.println("reconciliation: " + books);
    }

    private static HttpResponse<String> post(String url, String type, String body) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", type)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2 || response.body().contains("\"rejected\":") && number(response.body(), "rejected") != 0) {
            throw new IllegalStateException(url + " answered " + response.statusCode() + ": " + response.body());
        }
        return response;
    }

    private static String get(String url) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    private static long number(String json, String field) {
        Matcher m = Pattern.compile("\"" + field + "\"\\s*:\\s*(\\d+)").matcher(json);
        return m.find() ? Long.parseLong(m.group(1)) : -1;
    }
}
