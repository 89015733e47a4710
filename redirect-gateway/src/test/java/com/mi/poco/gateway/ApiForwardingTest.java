package com.mi.poco.gateway;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.lessThan;

import com.mi.poco.testing.Ports;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The gateway forwards each API prefix to its service. The services here are stand-ins (an echo
 * server, and a port where nothing listens): what is under test is the gateway.
 */
@QuarkusTest
@TestProfile(ApiForwardingTest.Upstreams.class)
class ApiForwardingTest {

    static final int ECHO = Ports.free();
    static final int NOTHING = Ports.free();
    private static Vertx vertx;

    public static class Upstreams implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("gateway.services.accounts", "http://127.0.0.1:" + ECHO,
                    "gateway.services.loyalty", "http://127.0.0.1:" + NOTHING);
        }
    }

    @BeforeAll
    static void echoServer() throws Exception {
        vertx = Vertx.vertx();
        HttpServer server = vertx.createHttpServer().requestHandler(request -> request.body().onSuccess(body ->
                request.response().setStatusCode(207)
                        .putHeader("X-Echo-Header", String.valueOf(request.getHeader("X-Test")))
                        .putHeader("Content-Type", "text/plain")
                        .end(request.method() + " " + request.uri() + " " + body)));
        server.listen(ECHO, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @AfterAll
    static void stop() {
        vertx.close();
    }

    @Test
    void methodPathQueryHeadersBodyAndStatusAreKept() {
        given().header("X-Test", "kept").contentType("application/x-ndjson").body("{\"a\":1}\n".getBytes())
                .when().post("/api/accounts/imports/accounts?firstLine=7")
                .then().statusCode(207)
                .header("X-Echo-Header", equalTo("kept"))
                .body(equalTo("POST /api/accounts/imports/accounts?firstLine=7 {\"a\":1}\n"));
    }

    @Test
    void aServiceThatIsDownIsAQuick503Problem() {
        given().when().get("/api/loyalty/reconciliation")
                .then().statusCode(503)
                .contentType("application/problem+json")
                .body("detail", containsString("loyalty"))
                .time(lessThan(3_000L));
    }

    @Test
    void anUnknownApiIsA404Problem() {
        given().when().get("/api/nothing/here")
                .then().statusCode(404)
                .contentType("application/problem+json");
    }
}
