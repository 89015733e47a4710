package com.mi.poco.account;

import static com.mi.poco.account.AccountApi.account;
import static com.mi.poco.account.AccountApi.importFile;
import static com.mi.poco.account.AccountApi.miAccount;
import static com.mi.poco.account.AccountApi.order;
import static com.mi.poco.testing.Api.ndjson;
import static com.mi.poco.testing.Api.unique;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import java.io.InputStream;
import com.mi.poco.testing.Tokens;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/** docs/legacy-export.md's import rules, on account-service's four files. */
@QuarkusTest
class LegacyImportTest {

    @Test
    void badLinesAreRejectedWithTheirNumberAndReasonAndGoodLinesAreKept() {
        String good1 = unique("P");
        String good2 = unique("P");
        String withUnknownField = unique("P");
        String body = ndjson(
                account(good1, "a@example.com", true, "uk"),
                "{oops",
                """
                {"pocoAccountId":"%s","email":"b@example.com","emailVerified":true,"createdAt":"2021-03-04T10:00:00Z"}"""
                        .formatted(unique("P")),
                account(unique("P"), "c@example.com", true, "mars"),
                account(good2, "d@example.com", false, "FR"),
                """
                {"pocoAccountId":"%s","emailVerified":"yes","region":"uk","createdAt":"2021-03-04T10:00:00Z"}"""
                        .formatted(unique("P")),
                account(withUnknownField, null, false, "de").replace("}", ",\"loyaltyTier\":\"gold\"}"),
                "[]");

        importFile("accounts", body).statusCode(200)
                .body("accepted", equalTo(3))
                .body("duplicates", equalTo(0))
                .body("rejected", equalTo(5))
                .body("rejections.line", contains(2, 3, 4, 6, 8))
                .body("rejections[0].reason", containsString("malformed JSON"))
                .body("rejections[1].reason", containsString("region: must not be blank"))
                .body("rejections[2].reason", containsString("region: is not a known region"))
                .body("rejections[3].reason", containsString("emailVerified"));

        AccountApi.migration(good1).statusCode(200).body("state", equalTo("PENDING"));
        PocoAccount fr = QuarkusTransaction.requiringNew().call(() -> PocoAccount.findById(good2));
        assertThat("region is stored in lower case", fr.region, equalTo("fr"));
    }

    @Test
    void sameFileTwiceChangesNothing() {
        String body = ndjson(account(unique("P"), "x@example.com", true, "uk"), account(unique("P"), null, false, "it"));

        importFile("accounts", body).statusCode(200).body("accepted", equalTo(2));
        importFile("accounts", body).statusCode(200)
                .body("accepted", equalTo(0))
                .body("duplicates", equalTo(2))
                .body("rejected", equalTo(0));
    }

    @Test
    void conflictingDuplicateIsRejectedAndTheFirstVersionKept() {
        String id = unique("P");
        importFile("accounts", ndjson(account(id, "first@example.com", true, "uk"))).statusCode(200);

        importFile("accounts", ndjson(account(id, "second@example.com", true, "uk"))).statusCode(200)
                .body("accepted", equalTo(0))
                .body("rejected", equalTo(1))
                .body("rejections[0].reason", containsString("different content"));

        PocoAccount kept = QuarkusTransaction.requiringNew().call(() -> PocoAccount.findById(id));
        assertThat(kept.email, equalTo("first@example.com"));
    }

    /**
     * PostgreSQL's text holds no U+0000: a JSON string carrying one (escaped, the only way JSON can) is
     * an invalid value of its field, a rejected line naming it in an import, where it failed the batch's
     * statement before, and a 400 problem naming it for an API body; the lines around it are kept.
     */
    @Test
    void aTextHoldingNulIsRejectedNamingItsFieldAndTheRestKept() {
        String before = unique("P");
        String after = unique("P");
        importFile("accounts", ndjson(account(before, null, false, "uk"),
                account(unique("P"), null, false, "uk").replace("\"Name ", "\"Na\\u0000me "),
                account(after, null, false, "uk")))
                .statusCode(200)
                .body("accepted", equalTo(2))
                .body("rejected", equalTo(1))
                .body("rejections[0].line", equalTo(2))
                .body("rejections[0].reason", containsString("name:"))
                .body("rejections[0].reason", containsString("U+0000"));
        AccountApi.migration(before).statusCode(200);
        AccountApi.migration(after).statusCode(200);

        given().contentType("application/json").body("{\"pocoAccountIds\":[\"P\\u0000\"]}")
                .when().post("/api/migrations")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("detail", containsString("pocoAccountIds[0]: a text may not contain U+0000"));
        given().contentType("application/json").body("{\"pocoAccountIds\":\"P1\"}") // a body of the wrong shape too
                .when().post("/api/migrations")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("detail", containsString("pocoAccountIds: "));
    }

    /**
     * Half a UTF-16 surrogate pair, written as a JSON escape ({@code "\ud800"} with no low half after it), is no
     * character: it was stored as {@code ?} without a word. Now it is an invalid value of its field, wherever it
     * stands in the text; a whole pair (an emoji) is kept as written.
     */
    @Test
    void halfASurrogatePairIsRejectedNamingItsFieldAndAWholePairKept() {
        String emoji = unique("P");
        importFile("accounts", ndjson(
                account(unique("P"), null, false, "uk").replace("\"Name ", "\"\\ud800 "),
                account(unique("P"), null, false, "uk").replace("\"Name ", "\"Na\\udc00me "),
                account(unique("P"), null, false, "uk").replace("\"Name ", "\"\\ude00\\ud83d "),
                account(emoji, null, false, "uk").replace("\"Name ", "\"Smile \\ud83d\\ude00 ")))
                .statusCode(200)
                .body("accepted", equalTo(1))
                .body("rejected", equalTo(3))
                .body("rejections.line", contains(1, 2, 3))
                .body("rejections.reason", everyItem(startsWith("name: ")))
                .body("rejections.reason", everyItem(containsString("half a UTF-16 surrogate pair")));
        PocoAccount kept = QuarkusTransaction.requiringNew().call(() -> PocoAccount.findById(emoji));
        assertThat(kept.name, startsWith("Smile \uD83D\uDE00 "));

        given().contentType("application/json").body("{\"pocoAccountIds\":[\"P\\ud800\"]}")
                .when().post("/api/migrations")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("detail", containsString("pocoAccountIds[0]: a text may not contain half a UTF-16 surrogate pair"));
    }

    /**
     * A time beyond the four-digit years is read by Java and refused by PostgreSQL: such a line failed at its
     * insert and was rejected as "conflicts with a record stored concurrently; import it again", which it did
     * not and would not settle. Now the reader refuses it, saying what it takes; the lines around it are kept.
     */
    @Test
    void aTimeBeyondTheFourDigitYearsIsAWrongValueNotAConflict() {
        String before = unique("P");
        String after = unique("P");
        importFile("accounts", ndjson(account(before, null, false, "uk"),
                account(unique("P"), null, false, "uk").replace("2021-03-04T10:00:00Z", "+294277-01-01T00:00:00Z"),
                account(unique("P"), null, false, "uk").replace("2021-03-04T10:00:00Z", "0000-01-01T00:00:00Z"),
                account(after, null, false, "uk")))
                .statusCode(200)
                .body("accepted", equalTo(2))
                .body("rejected", equalTo(2))
                .body("rejections.line", contains(2, 3))
                .body("rejections.reason", everyItem(startsWith(
                        "createdAt: expected an ISO-8601 time in UTC such as 2024-05-01T09:30:00Z, got ")));
        AccountApi.migration(before).statusCode(200);
        AccountApi.migration(after).statusCode(200);
    }

    @Test
    void theSameIdTwiceInOneFileIsADuplicateOrAConflict() {
        String id = unique("P");
        String other = unique("P");

        importFile("accounts", ndjson(account(id, "same@example.com", true, "uk"), account(id, "same@example.com", true, "uk"),
                account(other, "kept@example.com", true, "uk"), account(other, "changed@example.com", true, "uk")))
                .statusCode(200)
                .body("accepted", equalTo(2))
                .body("duplicates", equalTo(1))
                .body("rejected", equalTo(1))
                .body("rejections[0].line", equalTo(4))
                .body("rejections[0].reason", containsString("different content"));

        PocoAccount kept = QuarkusTransaction.requiringNew().call(() -> PocoAccount.findById(other));
        assertThat(kept.email, equalTo("kept@example.com"));
    }

    @Test
    void aMiAccountEmailHeldByAnotherMiAccountIsRejectedWhateverItsCase() {
        String held = unique("held") + "@example.com";
        String first = unique("M");
        importFile("mi-accounts", ndjson(miAccount(first, held, "uk"))).body("accepted", equalTo(1));

        String again = unique("M");
        String fresh = unique("fresh") + "@example.com";
        String sameFileTwin = unique("M");
        importFile("mi-accounts", ndjson(miAccount(again, held.toUpperCase(), "uk"), miAccount(unique("M"), fresh, "uk"),
                miAccount(sameFileTwin, fresh.toUpperCase(), "fr")))
                .statusCode(200)
                .body("accepted", equalTo(1))
                .body("rejected", equalTo(2))
                .body("rejections.line", contains(1, 3))
                .body("rejections[0].reason", containsString("already belongs to another Mi account"));

        assertThat(QuarkusTransaction.requiringNew().call(() -> MiAccount.findById(again)), equalTo(null));
        assertThat(QuarkusTransaction.requiringNew().call(() -> MiAccount.findById(sameFileTwin)), equalTo(null));
    }

    @Test
    void historyMayArriveBeforeItsAccount() {
        String notYetImported = unique("P");
        String order = """
                {"orderId":"%s","pocoAccountId":"%s","placedAt":"2024-05-01T09:30:00Z","currency":"GBP","total":"249.99",\
                "status":"DELIVERED","items":[{"sku":"POCO-F6-8-256","name":"POCO F6","quantity":1,"unitPrice":"249.99"}],\
                "shipments":[{"carrier":"DPD","trackingNumber":"15501234567890","events":[{"at":"2024-05-03T14:00:00Z",\
                "status":"DELIVERED","location":"London"}]}]}""".formatted(unique("O"), notYetImported);
        String feedback = """
                {"feedbackId":"%s","pocoAccountId":"%s","rating":4,"comment":"Fast delivery","createdAt":"2024-05-04T08:00:00Z"}"""
                .formatted(unique("F"), notYetImported);

        importFile("orders", ndjson(order)).statusCode(200).body("accepted", equalTo(1));
        importFile("feedback", ndjson(feedback)).statusCode(200).body("accepted", equalTo(1));
    }

    @Test
    void impossibleValuesAreRejected() {
        String badRating = """
                {"feedbackId":"%s","pocoAccountId":"P1","rating":6,"createdAt":"2024-05-04T08:00:00Z"}""".formatted(unique("F"));
        String negativeTotal = """
                {"orderId":"%s","pocoAccountId":"P1","placedAt":"2024-05-01T09:30:00Z","currency":"GBP","total":"-1.00",\
                "status":"DELIVERED","items":[{"sku":"S","name":"N","quantity":1,"unitPrice":"1.00"}]}""".formatted(unique("O"));
        String verifiedWithoutEmail = account(unique("P"), null, true, "uk");

        importFile("feedback", ndjson(badRating)).body("rejections[0].reason", containsString("rating"));
        importFile("orders", ndjson(negativeTotal)).body("rejections[0].reason", containsString("total"));
        importFile("accounts", ndjson(verifiedWithoutEmail)).body("rejections[0].reason", containsString("no email"));
    }

    /**
     * The export writes ids, times and money as JSON strings: another type is a rejected line (not a guess
     * at what a number meant), and its reason says the field, what it takes and what came, in the JSON's
     * words, not the Java types behind (a reason an ops person reads in the rejections file).
     */
    @Test
    void aValueOfTheWrongTypeIsRejectedSayingWhatItTakes() {
        String good = unique("P");
        String accounts = ndjson(
                account(unique("P"), null, false, "uk").replaceFirst("\"pocoAccountId\":\"[^\"]+\"", "\"pocoAccountId\":90000001"),
                account(unique("P"), null, false, "uk").replace("\"2021-03-04T10:00:00Z\"", "1614852000"),
                account(unique("P"), null, false, "uk").replace("\"emailVerified\":false", "\"emailVerified\":\"false\""),
                account(good, null, false, "uk"),
                account(unique("P"), null, false, "uk").replace("{", "{\"region\":\"de\","));
        importFile("accounts", accounts).statusCode(200)
                .body("accepted", equalTo(1))
                .body("rejections.line", contains(1, 2, 3, 5))
                .body("rejections[0].reason", equalTo("pocoAccountId: expected a string, got 90000001"))
                .body("rejections[1].reason",
                        equalTo("createdAt: expected an ISO-8601 time in UTC such as 2024-05-01T09:30:00Z, got 1614852000"))
                .body("rejections[2].reason", equalTo("emailVerified: expected true or false, got \"false\""))
                .body("rejections[3].reason", startsWith("malformed JSON: Duplicate field 'region'"));

        String orders = ndjson(
                order(unique("O"), good, "2024-05-01T09:30:00Z").replace("\"total\":\"9.99\"", "\"total\":9.99"),
                order(unique("O"), good, "2024-05-01T09:30:00Z").replace("\"total\":\"9.99\"", "\"total\":\"999e-2\""),
                order(unique("O"), good, "2024-05-01T09:30:00Z").replace("\"quantity\":1", "\"quantity\":\"1\""),
                order(unique("O"), good, "2024-05-01T09:30:00Z"));
        importFile("orders", orders).statusCode(200)
                .body("accepted", equalTo(1))
                .body("rejections.reason", contains(
                        "total: expected a decimal string such as \"249.99\", got 9.99",
                        "total: expected a decimal string such as \"249.99\", got \"999e-2\"",
                        "items[0].quantity: expected a whole number, got \"1\""));
    }

    @Test
    void lineNumbersCountFromFirstLineWhenAFileIsSentInParts() {
        importFile("accounts?firstLine=1001", ndjson(account(unique("P"), null, false, "uk"), "{oops"))
                .statusCode(200)
                .body("rejections.line", contains(1002));
        // as high as a browser reads a number exactly (2^53 - 1), and no further: a line number never wraps round
        importFile("accounts?firstLine=9007199254740990", ndjson("{oops", "{oops"))
                .statusCode(200)
                .body("rejections.line", contains(9007199254740990L, 9007199254740991L));
        for (String firstLine : List.of("0", "9007199254740992", "9223372036854775807")) {
            importFile("accounts?firstLine=" + firstLine, ndjson("{oops"))
                    .statusCode(400)
                    .contentType("application/problem+json")
                    .body("type", endsWith("/invalid-first-line"));
        }
    }

    @Test
    void aFileThisServiceDoesNotImportIsANotFoundProblemThatNamesThoseItDoes() {
        importFile("points", ndjson(account(unique("P"), null, false, "uk")))
                .statusCode(404)
                .contentType("application/problem+json")
                .body("type", containsString("import-file-not-found"))
                .body("detail", containsString("accounts, feedback, mi-accounts, orders"));
    }

    @Test
    void aBodyThatIsNotNdjsonIsAProblem() {
        given().contentType("application/json").body("{}")
                .when().post("/api/accounts/imports/accounts")
                .then().statusCode(415)
                .contentType("application/problem+json")
                .body("status", equalTo(415));
    }

    @Test
    void aBodyDeclaredOverTheLimitIsAProblemAndNothingIsImported() throws Exception {
        byte[] hundredMegabytes = new byte[100 * 1024 * 1024];
        Arrays.fill(hundredMegabytes, (byte) ' ');

        HttpResponse<String> response = post(HttpRequest.BodyPublishers.ofByteArray(hundredMegabytes));

        assertThat(response.statusCode(), equalTo(413));
        assertThat(response.headers().firstValue("Content-Type").orElse(""), containsString("application/problem+json"));
        assertThat(response.body(), containsString("payload-too-large"));
        assertThat(response.body(), containsString("Nothing was imported"));
    }

    @Test
    void aStreamedBodyOverTheLimitKeepsTheCompleteLinesBeforeTheLimit() throws Exception {
        String id = unique("P");
        byte[] firstLine = ndjson(account(id, null, false, "uk")).getBytes(StandardCharsets.UTF_8);
        long seventyMegabytes = 70L * 1024 * 1024;
        InputStream endlessLine = new InputStream() {
            private long position;

            @Override
            public int read() {
                return position < seventyMegabytes ? position < firstLine.length ? firstLine[(int) position++] : spaces() : -1;
            }

            private int spaces() {
                position++;
                return ' ';
            }
        };
        // Chunked, with no Content-Length, so the service can only find out by reading.
        HttpResponse<String> response = post(HttpRequest.BodyPublishers.ofInputStream(() -> endlessLine));

        assertThat(response.statusCode(), equalTo(413));
        assertThat(response.headers().firstValue("Content-Type").orElse(""), containsString("application/problem+json"));
        assertThat(response.body(), containsString("accepted 1"));
        AccountApi.migration(id).statusCode(200).body("state", equalTo("PENDING"));
    }

    @Test
    void unknownAccountIsANotFoundProblem() {
        AccountApi.migration(unique("nobody")).statusCode(404)
                .contentType("application/problem+json")
                .body("detail", containsString("No POCO account"));
    }

    @Test
    void aBulkImportIsFollowedByFreshPlannerStatisticsWhereTheServerDoesNotKeepThem() {
        assumeTrue(autovacuumIsOff(), "the server analyzes tables itself; the service leaves it to it");
        long analyzedBefore = timesAnalyzed("poco_feedback");
        // due: never analyzed (and 50 rows changed), or ten times the rows of its last ANALYZE
        long lines = Math.max(300, 11 * Math.max(50, rowsAtLastAnalyze("poco_feedback")));
        String account = unique("P");
        String body = LongStream.range(0, lines)
                .mapToObj(i -> """
                        {"feedbackId":"%s","pocoAccountId":"%s","rating":5,"comment":"fine","createdAt":"2022-01-01T00:00:00Z"}"""
                        .formatted(unique("F"), account))
                .collect(Collectors.joining("\n"));

        importFile("feedback", body).statusCode(200).body("accepted", equalTo((int) lines));

        await().atMost(Duration.ofSeconds(30)).until(() -> timesAnalyzed("poco_feedback") > analyzedBefore);
    }

    private static boolean autovacuumIsOff() {
        return "off".equals(QuarkusTransaction.requiringNew().call(() -> PocoFeedback.getEntityManager()
                .createNativeQuery("SELECT current_setting('autovacuum')").getSingleResult()));
    }

    private static long rowsAtLastAnalyze(String table) {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) PocoFeedback.getEntityManager()
                .createNativeQuery("SELECT greatest(reltuples, 0) FROM pg_class WHERE relname = ?1")
                .setParameter(1, table)
                .getSingleResult()).longValue());
    }

    private static long timesAnalyzed(String table) {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) PocoFeedback.getEntityManager()
                .createNativeQuery("SELECT analyze_count FROM pg_stat_user_tables WHERE relname = ?1")
                .setParameter(1, table)
                .getSingleResult()).longValue());
    }

    /** Large bodies go through the JDK client: RestAssured would copy them in memory first. */
    private static HttpResponse<String> post(HttpRequest.BodyPublisher body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(RestAssured.baseURI + ":" + RestAssured.port
                        + "/api/accounts/imports/accounts"))
                .header("Authorization", Tokens.bearer(Tokens.ops()))
                .header("Content-Type", "application/x-ndjson")
                .POST(body)
                .build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
    }
}
