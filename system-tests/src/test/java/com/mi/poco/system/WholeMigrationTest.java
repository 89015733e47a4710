package com.mi.poco.system;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mi.poco.cli.ExportGenerator;
import com.mi.poco.cli.ExportImport;
import com.mi.poco.cli.Migrate;
import com.mi.poco.cli.MigrationRun;
import com.mi.poco.testing.PersonalDataScan;
import com.mi.poco.testing.ServiceProcess;
import com.mi.poco.testing.Tokens;
import java.io.BufferedReader;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The whole platform as ops run it (a real broker and PostgreSQL, the five services as packaged
 * JVMs, the migration CLI's own code): a generated export of 2,000 accounts is imported through the
 * gateway and migrated, and the end state is checked against the export itself: every account
 * COMPLETED, the Mi points credited equal to the convertible POCO points, every eligible coupon
 * reissued once and no other, each account's personal-data export complete, every product's
 * redirects right. Then one account is erased, and nothing personal of it is left in any database.
 */
class WholeMigrationTest {

    private static final int ACCOUNTS = 2_000;
    private static final List<String> MI_REGIONS = List.of("global", "uk", "fr", "de", "es", "it");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static Platform platform;
    private static ServiceProcess gateway;
    private static Path export;

    /** What each process logged at level ERROR until all were ready. */
    private static final Map<String, List<String>> ERRORS_WHILE_STARTING = new LinkedHashMap<>();

    @BeforeAll
    static void platform() throws Exception {
        platform = Platform.start("e2e");
        for (Map.Entry<String, ServiceProcess> process : platform.processes().entrySet()) {
            ERRORS_WHILE_STARTING.put(process.getKey(), process.getValue().errorsLogged());
        }
        gateway = platform.gateway();
        export = Files.createTempDirectory("poco-export");
    }

    /**
     * A clean start logs no error: ops alert on them. Each service's scheduled jobs fired before its
     * messaging was connected, and logged "Unable to connect an emitter with the channel `outbox`" with
     * a stack trace, until they skipped while the application is not running (2026-12-03).
     */
    @Test
    void noProcessLogsAnErrorWhileItStarts() {
        ERRORS_WHILE_STARTING.forEach((process, errors) -> assertThat(process + "'s log", errors, empty()));
    }

    @AfterAll
    static void stop() {
        if (platform != null) {
            platform.close();
        }
    }

    @Test
    void aGeneratedExportIsMigratedWholeAndEveryAccountIsRight() throws Exception {
        ExportGenerator.Expected expected = new ExportGenerator(7, ACCOUNTS).writeTo(export);
        Migrate cli = new Migrate(URI.create(gateway.baseUri()), Tokens.ops(), System.out);

        ExportImport.ImportSummary imported = cli.importExport(export);
        assertThat("import: " + imported.files(), imported.ok(), equalTo(true));
        Map<String, Long> accepted = new HashMap<>();
        imported.files().forEach(f -> accepted.put(f.file(), f.accepted() + f.duplicates()));
        assertThat(accepted.get("accounts.jsonl"), equalTo(expected.accounts()));
        assertThat(accepted.get("points.jsonl"), equalTo(expected.pointEntries()));
        assertThat(accepted.get("coupons.jsonl"), equalTo(expected.coupons()));

        MigrationRun.RunSummary run = cli.run(null, Duration.ofSeconds(120));
        assertThat("run: " + run, run.ok(), equalTo(true));
        assertThat(run.completed(), equalTo(expected.accounts()));
        assertThat(run.points().path("conversions").asLong(), equalTo(expected.accounts()));
        assertThat(run.points().path("miPointsCredited").asLong(), equalTo(expected.convertiblePoints()));
        assertThat(run.coupons().path("reissued").asLong(), equalTo(expected.eligibleCoupons()));
        assertThat(run.coupons().path("undecided").asLong(), equalTo(0L));
        // every eligible coupon reissued exactly once, and no other
        assertThat(sql("coupon-service", "SELECT count(*), count(DISTINCT legacy_code) FROM mi_coupon"),
                equalTo(List.of(List.of(expected.eligibleCoupons(), expected.eligibleCoupons()))));
        assertThat(sql("coupon-service", """
                SELECT count(*) FROM mi_coupon m JOIN poco_coupon p ON p.code = m.legacy_code
                WHERE p.status <> 'ACTIVE' OR p.expires_at <= '2024-12-12T00:00:00Z'"""), equalTo(List.of(List.of(0L))));

        everyAccountsExportIsComplete();
        everyProductIsRedirectedRight();
        anErasedAccountLeavesNothingPersonalAndTheBooksAgree(run.points());
    }

    private void everyAccountsExportIsComplete() throws Exception {
        Map<String, long[]> owned = new HashMap<>(); // poco id -> orders, feedback, points, eligible coupons
        Instant now = Instant.now();
        forEachLine("orders.jsonl", o -> owned.computeIfAbsent(o.path("pocoAccountId").asText(), k -> new long[4])[0]++);
        forEachLine("feedback.jsonl", f -> owned.computeIfAbsent(f.path("pocoAccountId").asText(), k -> new long[4])[1]++);
        forEachLine("points.jsonl", e -> {
            boolean live = e.path("expiresAt").isMissingNode() || Instant.parse(e.path("expiresAt").asText()).isAfter(now);
            owned.computeIfAbsent(e.path("pocoAccountId").asText(), k -> new long[4])[2] += live ? e.path("delta").asLong() : 0;
        });
        forEachLine("coupons.jsonl", c -> owned.computeIfAbsent(c.path("pocoAccountId").asText(), k -> new long[4])[3] +=
                c.path("status").asText().equals("ACTIVE")
                        && Instant.parse(c.path("expiresAt").asText()).isAfter(Instant.parse("2024-12-12T00:00:00Z")) ? 1 : 0);

        Map<String, List<String>> pocoByMi = new HashMap<>();
        for (List<Object> row : sql("account-service", "SELECT mi_account_id, poco_account_id FROM poco_account WHERE migration_state = 'COMPLETED'")) {
            pocoByMi.computeIfAbsent((String) row.get(0), k -> new ArrayList<>()).add((String) row.get(1));
        }
        assertThat((long) pocoByMi.values().stream().mapToInt(List::size).sum(), equalTo((long) ACCOUNTS));

        ExecutorService clients = Executors.newFixedThreadPool(4);
        List<Future<String>> checks = new ArrayList<>();
        for (Map.Entry<String, List<String>> account : pocoByMi.entrySet()) {
            checks.add(clients.submit(() -> exportProblem(account.getKey(), account.getValue(), owned)));
        }
        List<String> problems = new ArrayList<>();
        for (Future<String> check : checks) {
            if (check.get() != null) {
                problems.add(check.get());
            }
        }
        clients.shutdown();
        assertThat(problems, empty());
    }

    /** null if the Mi account's export (through the gateway, as its holder) holds all it should. */
    private String exportProblem(String mi, List<String> pocoIds, Map<String, long[]> owned) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(gateway.baseUri()
                        + "/api/accounts/mi/" + mi + "/poco-data"))
                .header("Authorization", Tokens.bearer(Tokens.customer(mi))).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            return mi + ": HTTP " + response.statusCode();
        }
        JsonNode document = JSON.readTree(response.body());
        long points = 0;
        long coupons = 0;
        Set<String> exported = new java.util.HashSet<>();
        for (JsonNode account : document.path("pocoAccounts")) {
            String poco = account.path("pocoAccountId").asText();
            exported.add(poco);
            long[] counts = owned.getOrDefault(poco, new long[4]);
            if (account.path("orders").size() != counts[0] || account.path("feedback").size() != counts[1]
                    || account.path("name").asText().isEmpty()) {
                return mi + "/" + poco + ": orders " + account.path("orders").size() + "/" + counts[0]
                        + ", feedback " + account.path("feedback").size() + "/" + counts[1];
            }
            points += Math.max(0, counts[2]);
            coupons += counts[3];
        }
        if (!exported.equals(Set.copyOf(pocoIds))) {
            return mi + ": POCO accounts " + exported + ", expected " + pocoIds;
        }
        if (document.path("points").path("balance").asLong() != points || document.path("coupons").size() != coupons) {
            return mi + ": points " + document.path("points").path("balance") + "/" + points
                    + ", coupons " + document.path("coupons").size() + "/" + coupons;
        }
        return null;
    }

    private void everyProductIsRedirectedRight() throws Exception {
        Map<String, JsonNode> products = new LinkedHashMap<>();
        forEachLine("products.jsonl", p -> products.put(p.path("slug").asText(), p));
        Map<String, String> expected = new LinkedHashMap<>();
        for (String slug : products.keySet()) {
            for (String region : MI_REGIONS) {
                expected.put("/" + region + "/product/" + slug, redirectOf(products, slug, region));
            }
            expected.put("/in/product/" + slug, "301 https://www.poco.in/product/" + slug);
        }
        // the routes reach the gateway through Kafka: wait for the last product's, then check them all
        await().atMost(Duration.ofSeconds(60)).until(() -> expected.entrySet().stream()
                .allMatch(e -> e.getValue().equals(redirect(e.getKey()))));
    }

    /** docs/contracts.md's redirect contract for one product and region, from the export alone. */
    private static String redirectOf(Map<String, JsonNode> products, String slug, String region) {
        JsonNode product = products.get(slug);
        while (product.path("status").asText().equals("DISCONTINUED")) {
            if (product.path("successor").isNull()) {
                return "410 https://www.mi.com/" + region + "/poco/";
            }
            product = products.get(product.path("successor").asText());
        }
        JsonNode page = product.path("regions").path(region);
        return page.isMissingNode() ? "301 https://www.mi.com/" + region + "/poco/"
                : "301 https://www.mi.com" + page.path("miPath").asText();
    }

    /** "status location" of a po.co request; for a 410, the page it offers instead. */
    private static String redirect(String path) {
        return platform.legacyRedirect(path);
    }

    private void anErasedAccountLeavesNothingPersonalAndTheBooksAgree(JsonNode booksBefore) throws Exception {
        List<Object> person = sql("account-service", """
                SELECT a.mi_account_id, a.poco_account_id, a.email,
                       (SELECT string_agg(s->>'trackingNumber', ',') FROM poco_order o, jsonb_array_elements(o.shipments) s
                        WHERE o.poco_account_id = a.poco_account_id)
                FROM poco_account a
                WHERE a.link = 'PROVISIONED' AND a.email IS NOT NULL
                  AND EXISTS (SELECT 1 FROM poco_order o WHERE o.poco_account_id = a.poco_account_id AND o.shipments <> '[]')
                  AND EXISTS (SELECT 1 FROM poco_feedback f WHERE f.poco_account_id = a.poco_account_id)
                ORDER BY a.poco_account_id LIMIT 1""").get(0);
        String mi = (String) person.get(0);
        String poco = (String) person.get(1);
        List<String> unique = new ArrayList<>(List.of((String) person.get(2)));
        unique.addAll(List.of(((String) person.get(3)).split(",")));
        HttpResponse<String> erased = HTTP.send(HttpRequest.newBuilder(URI.create(gateway.baseUri()
                        + "/api/accounts/mi/" + mi + "/poco-data")).header("Authorization", Tokens.bearer(Tokens.ops()))
                .DELETE().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(erased.body(), erased.statusCode(), equalTo(200));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonNode document = JSON.readTree(HTTP.send(HttpRequest.newBuilder(URI.create(gateway.baseUri()
                            + "/api/accounts/mi/" + mi + "/poco-data")).header("Authorization", Tokens.bearer(Tokens.customer(mi)))
                    .build(), HttpResponse.BodyHandlers.ofString()).body());
            assertThat(document.toString(), document.path("pocoAccounts").size() + document.path("points").path("entries").size()
                    + document.path("coupons").size() + document.path("pocoCoupons").size(), equalTo(0));
        });
        // its e-mail and tracking numbers are in no row of any service's database; names and phones
        // are not unique in the export, so they are checked on the account's own rows
        for (String service : Platform.DATABASE_SERVICES) {
            for (String value : unique) {
                assertThat(service + " still holds " + value, rowsMentioning(service, value), empty());
            }
        }
        assertThat(sql("account-service", """
                SELECT (SELECT count(*) FROM poco_account WHERE poco_account_id = '%1$s'
                          AND (email IS NOT NULL OR name IS NOT NULL OR phone IS NOT NULL)),
                       (SELECT count(*) FROM poco_feedback WHERE poco_account_id = '%1$s'
                          AND (comment IS NOT NULL OR content_hash <> 'erased')),
                       (SELECT count(*) FROM poco_order WHERE poco_account_id = '%1$s' AND (items <> '[]' OR shipments <> '[]'))"""
                .formatted(poco)), equalTo(List.of(List.of(0L, 0L, 0L))));
        JsonNode books = JSON.readTree(platform.service("loyalty-service").get("/api/loyalty/reconciliation"));
        assertThat(books.path("agree").asBoolean(), equalTo(true));
        assertThat(books.path("miPointsCredited"), equalTo(booksBefore.path("miPointsCredited")));
        // the totals the database kept through the whole migration are those a recount of every row finds
        JsonNode audit = JSON.readTree(platform.service("loyalty-service").get("/api/loyalty/reconciliation?audit=true"));
        assertThat(audit.path("totalsMatchRecount").asBoolean(), equalTo(true));
        assertThat(audit.path("agree").asBoolean(), equalTo(true));
        assertThat(audit.path("miPointsCredited"), equalTo(books.path("miPointsCredited")));
        JsonNode coupons = JSON.readTree(platform.service("coupon-service").get("/api/coupons/summary?audit=true"));
        assertThat(coupons.path("countsMatchRecount").asBoolean(), equalTo(true));
        assertThat(coupons.path("undecided").asLong(), equalTo(0L));
    }

    private static void forEachLine(String file, Consumer<JsonNode> each) throws IOException {
        try (BufferedReader lines = Files.newBufferedReader(export.resolve(file))) {
            String line;
            while ((line = lines.readLine()) != null) {
                each.accept(JSON.readTree(line));
            }
        }
    }

    private static List<List<Object>> sql(String service, String query) throws SQLException {
        return platform.sql(service, query);
    }

    private static List<String> rowsMentioning(String service, String value) throws SQLException {
        try (Connection c = platform.connect(service)) {
            return PersonalDataScan.rowsMentioning(c, value);
        }
    }
}
