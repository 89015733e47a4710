package com.mi.poco.account;

import static io.restassured.RestAssured.given;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;

import com.mi.poco.testing.Tokens;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * An API request body is one JSON value with each member named once (platform's {@code StrictRequestJson});
 * anything else is a 400 {@code malformed-json} problem saying what is wrong, and starts nothing. Before,
 * a repeated member was taken by its last value (a migration of {@code de} started with a 202), text after
 * the value was ignored, and a body that was not JSON was a bare "HTTP 400 Bad Request".
 */
@QuarkusTest
class RequestBodiesTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            {"region":"uk","region":"de"} | Duplicate field 'region'
            {"region":"uk"} x             | Unrecognized token 'x'
            {"region":"uk"} {"region":"de"} | more follows the JSON value
            {"region":                    | end-of-input
            not json                      | Unrecognized token 'not'
            """)
    void aBodyThatIsNotOneJsonObjectIsAProblemAndStartsNothing(String body, String said) {
        List<String> before = migrations();

        given().contentType("application/json").body(body)
                .when().post("/api/migrations")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("type", endsWith("/malformed-json"))
                .body("detail", containsString("The request body is not the JSON expected: "))
                .body("detail", containsString(said));
        assertThat(migrations(), equalTo(before));
    }

    /** Where the body stops being JSON is said by line and column, not by the parser's account of its source. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '\'', textBlock = """
            {"region":"uk"                | Unexpected end-of-input: expected close marker for Object (column 15)
            '{\\n  "region": "uk",\\n  x'  | Unexpected character ('x' (code 120)): was expecting double-quote to start field name (line 3, column 3)
            """)
    void aBodyThatIsNotJsonIsToldByWhereItBreaks(String body, String said) {
        given().contentType("application/json").body(body.replace("\\n", "\n"))
                .when().post("/api/migrations")
                .then().statusCode(400)
                .body("detail", equalTo("The request body is not the JSON expected: " + said));
    }

    /** A JSON body in a content coding is refused, not read as if plain (platform's {@code UncodedBodies}). */
    @Test
    void aJsonBodyInAContentCodingIsA415AndStartsNothing() {
        List<String> before = migrations();

        given().contentType("application/json").header("Content-Encoding", "gzip").body("{\"region\":\"uk\"}")
                .when().post("/api/migrations")
                .then().statusCode(415)
                .header("Accept-Encoding", equalTo("identity"))
                .contentType("application/problem+json")
                .body("type", endsWith("/unsupported-content-coding"));
        assertThat(migrations(), equalTo(before));
    }

    /**
     * A JSON body is read up to 1 MiB (platform's {@code StrictRequestJson}): 32 customers' coupon redemptions
     * of 20 MB each had exhausted a service's heap. At the bound it is read whole; past it, declared or
     * chunked, a 413 problem, and nothing started.
     */
    @Test
    void aJsonBodyLargerThanOneMebibyteIsA413AndStartsNothing() throws Exception {
        List<String> before = migrations();
        given().contentType("application/json").body(padded("{\"region\":\"xx\"}", 1024 * 1024))
                .when().post("/api/migrations")
                .then().statusCode(400)
                .body("violations.field", contains("region")); // read whole: its region judged

        given().contentType("application/json").body(padded("{\"region\":\"uk\"}", 1024 * 1024 + 1))
                .when().post("/api/migrations")
                .then().statusCode(413)
                .contentType("application/problem+json")
                .body("type", endsWith("/payload-too-large"))
                .body("detail", equalTo("A JSON request body is at most 1048576 bytes; nothing was done"));

        // the bound met inside a value: Jackson's databind wraps its parser's refusal
        given().contentType("application/json").body("{\"region\":\"" + "u".repeat(2 * 1024 * 1024) + "\"}")
                .when().post("/api/migrations")
                .then().statusCode(413)
                .body("type", endsWith("/payload-too-large"));

        byte[] chunked = padded("{\"region\":\"uk\"}", 20 * 1024 * 1024).getBytes(StandardCharsets.US_ASCII);
        HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(migrationsUri)
                .header("Authorization", "Bearer " + Tokens.ops()).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(chunked))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode(), equalTo(413));
        assertThat(answer.body(), containsString("/payload-too-large"));
        assertThat(migrations(), equalTo(before));
    }

    /** {@code json} with blanks before its closing brace, {@code length} bytes in all. */
    private static String padded(String json, int length) {
        return json.substring(0, json.length() - 1) + " ".repeat(length - json.length()) + "}";
    }

    @TestHTTPResource("/api/migrations")
    URI migrationsUri;

    private static List<String> migrations() {
        return given().get("/api/migrations").then().statusCode(200).extract().jsonPath().getList("id");
    }
}
