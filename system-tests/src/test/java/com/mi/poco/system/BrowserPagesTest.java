package com.mi.poco.system;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.lessThanOrEqualTo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mi.poco.cli.ExportGenerator;
import com.mi.poco.cli.ExportImport;
import com.mi.poco.cli.Migrate;
import com.mi.poco.events.EventType;
import com.mi.poco.testing.MigrationEvents;
import com.mi.poco.testing.Tokens;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.Select;

/**
 * The pages in a real browser (headless Chromium) against the real platform: the ops console starts
 * and follows a migration of a generated export to the end and verifies it; a migrated customer sees
 * their own points and coupons on a phone-sized screen, downloads their data with the keyboard, and
 * cannot reach another holder's; a dead letter replayed from the console leaves it and is applied once;
 * the console's dry run says where a legacy URL goes, as the redirect itself does. Each test leaves a
 * screenshot in {@code target/screenshots}. The tests run in order: the first one migrates the export
 * the others look at.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BrowserPagesTest {

    private static final int ACCOUNTS = 300;
    private static final Duration PAGE = Duration.ofSeconds(20);
    private static final Duration MIGRATION = Duration.ofSeconds(180);
    private static final ObjectMapper JSON = new ObjectMapper();

    private static Platform platform;
    private static String base;
    private static Path export;
    private static ExportGenerator.Expected expected;
    private Browser browser;
    private String screenshot;

    @BeforeAll
    static void platform() throws Exception {
        platform = Platform.start("pages");
        base = platform.gateway().baseUri();
        export = Files.createTempDirectory("poco-pages-export");
        expected = new ExportGenerator(23, ACCOUNTS).writeTo(export);
        ExportImport.ImportSummary imported = new Migrate(URI.create(base), Tokens.ops(),
                new PrintStream(OutputStream.nullOutputStream())).importExport(export);
        assertThat("import: " + imported.files(), imported.ok(), equalTo(true));
    }

    @AfterAll
    static void stop() {
        if (platform != null) {
            platform.close();
        }
    }

    @BeforeEach
    void openBrowser(TestInfo test) throws Exception {
        browser = Browser.open();
        screenshot = test.getTestMethod().orElseThrow().getName();
    }

    @AfterEach
    void closeBrowser() throws Exception {
        try {
            browser.screenshot(screenshot);
        } finally {
            browser.close();
        }
    }

    @Test
    @Order(1)
    void theConsoleStartsAMigrationFollowsItToTheEndAndVerifiesIt() {
        open("/ops#token=" + Tokens.ops());
        assertThat("the token left the address bar", browser.driver.getCurrentUrl(), equalTo(base + "/ops"));

        new Select(visible("region")).selectByValue("");
        visible("start-button").click();

        await().atMost(MIGRATION).untilAsserted(() -> {
            assertThat(attribute("progress-percent", "data-percent"), equalTo("100"));
            assertThat(attribute("migration-status", "data-status"), equalTo("FINISHED"));
        });
        assertThat(digits(text("count-COMPLETED")), equalTo(expected.accounts()));
        assertThat(digits(text("count-PENDING")), equalTo(0L));

        visible("verify").click();
        await().atMost(PAGE).untilAsserted(() -> assertThat(attribute("verification-verdict", "data-ok"), equalTo("true")));
        // the audit recounts every account and compares the totals the verification answered from
        visible("audit").click();
        await().atMost(PAGE).untilAsserted(() -> {
            assertThat(attribute("verification-verdict", "data-audit"), equalTo("true"));
            assertThat(attribute("verification-verdict", "data-ok"), equalTo("true"));
        });
        await().atMost(PAGE).untilAsserted(() -> assertThat(text("reconciliation-agree"), equalTo("yes")));
    }

    @Test
    @Order(2)
    void aCustomerSeesTheirOwnPointsAndCouponsOnAPhoneDownloadsThemAndCannotReachAnothers() throws Exception {
        String mi = (String) platform.sql("coupon-service",
                "SELECT mi_account_id FROM mi_coupon GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1").get(0).get(0);
        long balance = ((Number) platform.sql("loyalty-service",
                "SELECT coalesce(sum(delta), 0) FROM mi_points_entry WHERE mi_account_id = '" + mi + "'").get(0).get(0)).longValue();
        Set<String> codes = platform.sql("coupon-service", "SELECT code FROM mi_coupon WHERE mi_account_id = '" + mi + "'")
                .stream().map(row -> (String) row.get(0)).collect(Collectors.toSet());
        long pocoCoupons = ((Number) platform.sql("coupon-service", """
                SELECT count(*) FROM poco_coupon c JOIN migrated_account m ON m.poco_account_id = c.poco_account_id
                WHERE m.mi_account_id = '%s'""".formatted(mi)).get(0).get(0)).longValue();
        String other = (String) platform.sql("coupon-service",
                "SELECT mi_account_id FROM migrated_account WHERE mi_account_id <> '" + mi + "' LIMIT 1").get(0).get(0);

        browser.phone();
        browser.allowClipboard(base);
        open("/account/poco#token=" + Tokens.customer(mi));

        await().atMost(PAGE).until(() -> !text("balance").isEmpty());
        assertThat(digits(text("balance")), equalTo(balance));
        assertThat(couponCodesShown(), equalTo(codes));
        assertThat(browser.driver.findElements(By.cssSelector("#poco-coupons tbody tr")).size(), equalTo((int) pocoCoupons));
        assertThat("no sideways scrolling on a 375 px screen", ((Number) script(
                "return document.documentElement.scrollWidth - document.documentElement.clientWidth")).intValue(),
                lessThanOrEqualTo(0));
        assertThat("every control has a name", script("""
                return [...document.querySelectorAll('button, select, input, textarea')]
                  .filter(c => !c.hidden && !c.closest('[hidden]'))
                  .filter(c => !(c.getAttribute('aria-label') || c.textContent.trim()
                      || (c.id && document.querySelector('label[for="' + c.id + '"]'))))
                  .map(c => c.outerHTML)"""), equalTo(List.of()));

        // the copy button puts the code on the clipboard
        String code = codes.iterator().next();
        browser.driver.findElement(By.cssSelector("li[data-code='" + code + "'] button.copy")).click();
        assertThat(asyncScript("navigator.clipboard.readText().then(done, e => done('refused: ' + e))"), equalTo(code));

        // "download my data", with the keyboard alone: Tab to the button, Enter
        WebElement download = visible("download");
        new Actions(browser.driver).sendKeys(Keys.TAB).perform();
        for (int tabs = 0; tabs < 200 && !download.equals(browser.driver.switchTo().activeElement()); tabs++) {
            new Actions(browser.driver).sendKeys(Keys.TAB).perform();
        }
        assertThat("the download button is reached with Tab", browser.driver.switchTo().activeElement(), equalTo(download));
        new Actions(browser.driver).sendKeys(Keys.ENTER).perform();
        Path file = browser.downloads.resolve("poco-data-" + mi + ".json");
        await().atMost(PAGE).until(() -> Files.isRegularFile(file) && Files.size(file) > 0);
        JsonNode document = JSON.readTree(file.toFile());
        assertThat(document.path("miAccountId").asText(), equalTo(mi));
        assertThat(document.path("points").path("balance").asLong(), equalTo(balance));
        assertThat(document.path("coupons").size(), equalTo(codes.size()));
        assertThat(document.path("pocoAccounts").size(), greaterThan(0));

        // with this tab's token, another holder's data answers 403 at every service; nothing of it shows
        for (String path : List.of("/api/accounts/mi/" + other + "/poco-data", "/api/loyalty/accounts/mi/" + other,
                "/api/coupons/mi/" + other, "/api/coupons/mi/" + other + "/legacy")) {
            assertThat(path, asyncScript("""
                    fetch(arguments[0], {headers: {Authorization: 'Bearer ' + sessionStorage.getItem('poco.token')}})
                      .then(r => done(String(r.status)), e => done('failed: ' + e))""", path), equalTo("403"));
        }
        assertThat(browser.driver.getPageSource().contains(other), equalTo(false));
    }

    @Test
    @Order(3)
    void aDeadLetterReplayedFromTheConsoleLeavesTheListAndIsAppliedOnce() throws Exception {
        String poco = "P-letter-" + UUID.randomUUID();
        String mi = "M-letter-" + UUID.randomUUID();
        String eventId = UUID.randomUUID().toString();
        Migrate cli = new Migrate(URI.create(base), Tokens.ops(), new PrintStream(OutputStream.nullOutputStream()));
        Path points = Files.createTempDirectory("poco-letter");
        Files.writeString(points.resolve("points.jsonl"), """
                {"entryId":"%s-1","pocoAccountId":"%s","delta":70,"reason":"PURCHASE","at":"2024-06-01T00:00:00Z"}
                """.formatted(poco, poco));
        assertThat(cli.importExport(points).ok(), equalTo(true));
        storeLetterOfAMendedCause(eventId, poco, mi);

        open("/ops#token=" + Tokens.ops());
        By replay = By.cssSelector("[data-service='loyalty-service'] button.replay[data-event='" + eventId + "']");
        await().atMost(PAGE).until(() -> !browser.driver.findElements(replay).isEmpty());
        browser.driver.findElement(replay).click();

        await().atMost(PAGE).until(() -> browser.driver.findElements(replay).isEmpty());
        await().atMost(PAGE).untilAsserted(() -> assertThat(platform.sql("loyalty-service",
                "SELECT coalesce(sum(delta), 0), count(*) FROM mi_points_entry WHERE mi_account_id = '" + mi + "'"),
                equalTo(List.of(List.of(java.math.BigDecimal.valueOf(70), 1L)))));
        assertThat(platform.sql("loyalty-service", "SELECT count(*) FROM dead_letter WHERE event_id = '" + eventId
                + "' AND replayed_at IS NULL"), equalTo(List.of(List.of(0L))));
    }

    @Test
    @Order(4)
    void theConsolesDryRunSaysWhereALegacyUrlGoesAsTheRedirectDoes() throws Exception {
        JsonNode product = JSON.readTree(Files.readAllLines(export.resolve("products.jsonl")).stream()
                .filter(line -> line.contains("\"ACTIVE\"") && line.contains("\"successor\":null")).findFirst().orElseThrow());
        String region = product.path("regions").fieldNames().next();
        String path = "/" + region.toUpperCase() + "/product/" + product.path("slug").asText() + "?ref=mail";
        String target = "https://www.mi.com" + product.path("regions").path(region).path("miPath").asText() + "?ref=mail";
        await().atMost(PAGE).until(() -> platform.legacyRedirect(path).equals("301 " + target));

        open("/ops#token=" + Tokens.ops());
        visible("dry-run-url").sendKeys("https://po.co" + path);
        browser.driver.findElement(By.cssSelector("#dry-run button[type=submit]")).click();

        await().atMost(PAGE).untilAsserted(() -> assertThat(text("dry-run-location"), equalTo(target)));
        assertThat(text("dry-run-status"), equalTo("301"));
        assertThat(text("dry-run-rule"), equalTo("product"));
        await().atMost(PAGE).untilAsserted(() -> assertThat(
                Long.parseLong(attribute("hits-total", "data-total")), greaterThan(0L)));
        assertThat(browser.driver.findElements(By.cssSelector("#hits-chart svg rect")), org.hamcrest.Matchers.not(empty()));
    }

    /** A letter as the inbox stores it, whose cause (say, a bug) has since been mended: a replay applies it. */
    private static void storeLetterOfAMendedCause(String eventId, String poco, String mi) throws Exception {
        try (Connection c = platform.connect("loyalty-service"); PreparedStatement insert = c.prepareStatement("""
                INSERT INTO dead_letter (consumer, channel, topic, partition_no, record_offset, event_id, event_type,
                    subject, message_key, payload, headers, reason_kind, reason, first_seen, last_failed, attempts)
                VALUES ('loyalty-service.account-migrated', 'account-migrated', 'account-migrated', 0, -1, ?, ?,
                    ?, ?, ?, ?, 'sql-40P01', 'a cause since mended', now(), now(), 1)""")) {
            insert.setString(1, eventId);
            insert.setString(2, EventType.ACCOUNT_MIGRATED.type());
            insert.setString(3, poco);
            insert.setString(4, poco);
            insert.setString(5, MigrationEvents.accountMigrated(poco, mi));
            insert.setString(6, JSON.writeValueAsString(Map.of("ce_id", eventId, "ce_type", EventType.ACCOUNT_MIGRATED.type(),
                    "ce_specversion", "1.0", "ce_source", "/poco-migration/test")));
            insert.executeUpdate();
        }
    }

    private void open(String path) {
        browser.driver.get(base + path);
    }

    private WebElement visible(String id) {
        await().atMost(PAGE).until(() -> !browser.driver.findElements(By.id(id)).isEmpty()
                && browser.driver.findElement(By.id(id)).isDisplayed());
        return browser.driver.findElement(By.id(id));
    }

    /**
     * An element's text, read in one script: the console renders its figures anew on every poll, so an
     * element found first and read after could be gone by then (a stale reference).
     */
    private String text(String id) {
        return (String) script("const e = document.getElementById('" + id + "'); return e ? e.innerText.trim() : '';");
    }

    /** An element's attribute, read in one script (see {@link #text}). */
    private String attribute(String id, String name) {
        return String.valueOf(script("const e = document.getElementById('" + id + "'); return e ? e.getAttribute('"
                + name + "') : '';"));
    }

    private Set<String> couponCodesShown() {
        return new HashSet<>(browser.driver.findElements(By.cssSelector("li.coupon")).stream()
                .map(coupon -> coupon.getDomAttribute("data-code")).toList());
    }

    private Object script(String script) {
        return ((JavascriptExecutor) browser.driver).executeScript(script);
    }

    private Object asyncScript(String body, Object... arguments) {
        return ((JavascriptExecutor) browser.driver).executeAsyncScript(
                "const done = arguments[arguments.length - 1];\n" + body, arguments);
    }

    private static long digits(String text) {
        return Long.parseLong(text.replaceAll("[^0-9-]", ""));
    }
}
