package com.mi.poco.gateway;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The pages are served to anyone (they hold no data: their scripts call the APIs with the tab's
 * token), always with the Content-Security-Policy, and never from a cache.
 */
@QuarkusTest
class PagesServedTest {

    private static final String POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    @ParameterizedTest
    @ValueSource(strings = {"/ops", "/ops/", "/account/poco", "/account/poco/"})
    void aPageIsServedWithTheContentSecurityPolicyAndNotCached(String path) {
        given().redirects().follow(false).when().get(path)
                .then().statusCode(200)
                .contentType(containsString("text/html"))
                .header("Content-Security-Policy", equalTo(POLICY))
                .header("Cache-Control", equalTo("no-store"))
                .header("X-Content-Type-Options", equalTo("nosniff"))
                .header("Referrer-Policy", equalTo("no-referrer"))
                .body(containsString("<script type=\"module\" src=\"/assets/"));
    }

    /** A HEAD answers what a GET would, without the body: a 404 and a cacheable file until 2026-12-03. */
    @ParameterizedTest
    @ValueSource(strings = {"/ops", "/ops/", "/account/poco", "/account/poco/index.html", "/assets/ops.js"})
    void aHeadAnswersTheHeadersOfAGet(String path) {
        String cacheControl = path.startsWith("/assets/") ? "no-cache" : "no-store";
        given().redirects().follow(false).when().head(path)
                .then().statusCode(200)
                .header("Content-Security-Policy", equalTo(POLICY))
                .header("Cache-Control", equalTo(cacheControl))
                .header("X-Content-Type-Options", equalTo("nosniff"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/assets/session.js", "/assets/ops.js", "/assets/customer.js", "/assets/pages.css",
        "/assets/i18n/en.json"})
    void itsAssetsCarryThePolicyToo(String path) {
        given().when().get(path)
                .then().statusCode(200)
                .header("Content-Security-Policy", equalTo(POLICY))
                .header("X-Content-Type-Options", equalTo("nosniff"));
    }
}
