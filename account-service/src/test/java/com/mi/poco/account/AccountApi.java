package com.mi.poco.account;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import com.mi.poco.testing.Api;
import io.restassured.response.ValidatableResponse;
import java.util.List;
import java.util.stream.Collectors;

/** account-service as a client sees it, for the tests. */
final class AccountApi {

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

    /** A delivered order of one item, placed at {@code placedAt}. */
    static String order(String orderId, String pocoAccountId, String placedAt) {
        return """
                {"orderId":"%s","pocoAccountId":"%s","placedAt":"%s","currency":"GBP","total":"9.99","status":"DELIVERED",\
                "items":[{"sku":"POCO-X6","name":"POCO X6","quantity":1,"unitPrice":"9.99"}],"shipments":[]}"""
                .formatted(orderId, pocoAccountId, placedAt);
    }

    static ValidatableResponse importFile(String kind, String body) {
        return Api.postNdjson("/api/accounts/imports/" + kind, body);
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
        await().atMost(Api.ASYNC).untilAsserted(() -> migration(pocoAccountId).statusCode(200).body("state", equalTo(state)));
    }

    private AccountApi() {
    }
}
