package com.mi.poco.gateway;

import static io.restassured.RestAssured.given;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

import io.quarkus.test.junit.QuarkusTest;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The gateway's OpenAPI document is written by hand (its routes are Vert.x routes, which no scanner
 * reads), so it is checked against the routes the gateway registers: every path it documents is one
 * of them, and every route of its own API (the admin routes, the event contract, the joined export) is
 * documented. The forwarded {@code /api/*} and the pages are described in the document's text.
 */
@QuarkusTest
class OpenApiDocumentTest {

    @Inject
    RoutesOfTheGateway routes;

    @Test
    void documentsExactlyTheRoutesTheGatewayAnswersItself() {
        Map<String, Object> paths = given().queryParam("format", "json")
                .when().get("/q/openapi")
                .then().statusCode(200)
                .extract().jsonPath().getMap("paths");

        assertThat(paths.keySet(), equalTo(routes.ownApi()));
        assertThat(paths.keySet(), hasItems("/admin/redirects/check", "/api/accounts/mi/{miAccountId}/poco-data",
                "/events/asyncapi.yaml"));
    }

    @Test
    void saysWhatItIsAndHowToAuthenticate() {
        given().queryParam("format", "json")
                .when().get("/q/openapi")
                .then().statusCode(200)
                .body("info.title", equalTo("redirect-gateway API"))
                .body("components.securitySchemes.bearer.scheme", equalTo("bearer"));
    }

    /** Keeps the gateway's router as its routes were registered at start-up. */
    @ApplicationScoped
    static class RoutesOfTheGateway {

        private volatile Router router;

        void keep(@Observes Router router) {
            this.router = router;
        }

        /** The paths of the gateway's own API routes, written as OpenAPI writes them ({@code :slug} as {@code {slug}}). */
        Set<String> ownApi() {
            return router.getRoutes().stream()
                    .filter(Route::isExactPath) // not the forwarding of everything under /api/
                    .map(Route::getName)
                    .filter(Objects::nonNull)
                    .filter(path -> path.startsWith("/admin/") || path.startsWith("/events/") || path.startsWith("/api/"))
                    .map(path -> path.replaceAll(":(\\w+)", "{$1}"))
                    .collect(Collectors.toSet());
        }
    }
}
