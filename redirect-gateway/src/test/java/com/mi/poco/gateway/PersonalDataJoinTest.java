package com.mi.poco.gateway;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import com.mi.poco.testing.Ports;
import com.mi.poco.testing.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.vertx.core.Vertx;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The gateway joins the three services' parts of a personal-data export. The services are stand-ins
 * answering as the real ones do (their own tests cover those answers): what is under test is the join.
 */
@QuarkusTest
@TestProfile(PersonalDataJoinTest.Services.class)
class PersonalDataJoinTest {

    static final int SERVICES = Ports.free();
    private static Vertx vertx;

    public static class Services implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            String url = "http://127.0.0.1:" + SERVICES;
            return Map.of("gateway.services.accounts", url, "gateway.services.loyalty", url, "gateway.services.coupons", url);
        }
    }

    @BeforeAll
    static void services() throws Exception {
        vertx = Vertx.vertx();
        vertx.createHttpServer().requestHandler(request -> {
            String auth = String.valueOf(request.getHeader("Authorization"));
            String body = switch (request.path()) {
                case "/api/accounts/mi/M1/poco-data" -> "{\"miAccountId\":\"M1\",\"auth\":\"" + auth + "\",\"pocoAccounts\":[]}";
                case "/api/loyalty/accounts/mi/M1" -> "{\"miAccountId\":\"M1\",\"balance\":250,\"entries\":[]}";
                case "/api/coupons/mi/M1/poco-data" -> "{\"coupons\":[{\"code\":\"MI-2345-6789-ABCD\"}],"
                        + "\"pocoCoupons\":[{\"legacyCode\":\"POCO-1\",\"decision\":\"REISSUED\"},"
                        + "{\"legacyCode\":\"POCO-2\",\"decision\":\"EXPIRED\"}]}\n";
                case "/api/accounts/mi/M2/poco-data" -> "{\"miAccountId\":\"M2\",\"pocoAccounts\":[]}";
                case "/api/accounts/mi/M3/poco-data", "/api/accounts/mi/M4/poco-data", "/api/accounts/mi/M6/poco-data" ->
                        "{\"miAccountId\":\"M3\"}\n";
                case "/api/loyalty/accounts/mi/M3" -> "{\"miAccountId\":\"M3\",\"balance\":";
                case "/api/accounts/mi/M5/poco-data" -> "{ }";
                case "/api/coupons/mi/M4/poco-data" -> "<html>maintenance</html>";
                case "/api/coupons/mi/M6/poco-data" -> "{ }";
                default -> null;
            };
            if (body == null) {
                request.response().setStatusCode(404).putHeader("Content-Type", "application/problem+json")
                        .end("{\"status\":404,\"detail\":\"not here\"}");
            } else {
                request.response().putHeader("Content-Type", "application/json").end(body);
            }
        }).listen(SERVICES, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @AfterAll
    static void stop() {
        vertx.close();
    }

    @Test
    void theExportJoinsProfileOrdersFeedbackPointsAndCouponsWithTheCallersCredentials() {
        String holder = Tokens.bearer(Tokens.customer("M1"));
        given().header("Authorization", holder).get("/api/accounts/mi/M1/poco-data")
                .then().statusCode(200)
                .header("Cache-Control", equalTo("no-store")) // the customer's data: no cache keeps it
                .header("X-Content-Type-Options", equalTo("nosniff"))
                .body("miAccountId", equalTo("M1"))
                .body("auth", equalTo(holder))
                .body("points.balance", equalTo(250))
                .body("coupons", hasSize(1))
                .body("pocoCoupons.decision", contains("REISSUED", "EXPIRED"));
    }

    @Test
    void anAccountWithoutPointsOrCouponsHasEmptyOnes() {
        given().get("/api/accounts/mi/M2/poco-data")
                .then().statusCode(200)
                .body("points.balance", equalTo(0))
                .body("coupons", hasSize(0))
                .body("pocoCoupons", hasSize(0));
    }

    @Test
    void aPartThatIsNotTheJsonItShouldBeIsA502NotTheCustomersData() {
        for (String account : new String[] {"M3", "M4", "M5", "M6"}) {
            given().get("/api/accounts/mi/" + account + "/poco-data")
                    .then().statusCode(502)
                    .contentType("application/problem+json")
                    .body("type", endsWith("/problems/bad-gateway"));
        }
    }

    @Test
    void anUnknownAccountIsTheAccountServicesAnswer() {
        given().get("/api/accounts/mi/M9/poco-data")
                .then().statusCode(404)
                .contentType("application/problem+json");
    }
}
