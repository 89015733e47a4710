package com.mi.poco.account;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import io.restassured.response.ValidatableResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;

/** account-service as a client sees it, for the tests. */
final class AccountApi {

    static final Duration ASYNC = Duration.ofSeconds(30);

    /** A prefix that keeps one test's ids apart from every other test's. */
    static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    static String ndjson(String... lines) {
        return Arrays.stream(lines).collect(Collectors.joining("\n", "", "\n"));
    }

    static String account(String id, String email, boolean verified, String region) {
        return """
                {"pocoAccountId":"%s","email":%s,"emailVerified":%s,"name":"Name %s","phone":"+447700900123",\
                "region":"%s","createdAt":"2021-03-04T10:00:00Z"}""".formatted(id,
                email == null ? "null" : '"' + email + '"', verified, id, region);
    }

    static String miAccount(String id, String email, String region) {
        return """
                {"miAccountId":"%s","email":"%s","region":"%s"}""".formatted(id, email, region);
    }

    static ValidatableResponse importFile(String kind, String body) {
        return given().contentType("application/x-ndjson").body(body.getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .when().post("/api/accounts/imports/" + kind)
                .then();
    }

    static String migrate(List<String> ids) {
        String body = ids.stream().map(id -> '"' + id + '"').collect(Collectors.joining(",", "{\"pocoAccountIds\":[", "]}"));
        return given().contentType("application/json").body(body)
                .when().post("/api/migrations")
                .then().statusCode(202)
                .extract().header("Location");
    }

    static ValidatableResponse migration(String pocoAccountId) {
        return given().when().get("/api/accounts/" + pocoAccountId + "/migration").then();
    }

    static void awaitState(String pocoAccountId, String state) {
        await().atMost(ASYNC).untilAsserted(() -> migration(pocoAccountId).statusCode(200).body("state", equalTo(state)));
    }

    private AccountApi() {
    }
}
