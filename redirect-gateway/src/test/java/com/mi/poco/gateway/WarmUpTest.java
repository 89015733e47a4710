package com.mi.poco.gateway;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.hamcrest.Matchers.startsWith;

import com.mi.poco.testing.Management;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The gateway reports ready once it has sent its warm-up requests ({@code %test}: 300, from 127.0.0.2,
 * half with a token that does not verify): none was answered 429, though 300 exceed the anonymous limit
 * (120 a minute), so they took the paths a client's take; the verification of a token that verifies
 * (the warm-up's own, against its own key) ran beside them; and the warm-up leaves nothing behind: that
 * address has its whole anonymous limit afterwards. And it went on until the JIT had settled: it compiled
 * for at most {@code compiling-at-most} (here 900 ms) in the last second before readiness.
 */
@QuarkusTest
@TestProfile(WarmUpTest.UntilTheJitSettles.class)
class WarmUpTest {

    /** The other tests do not wait for the JIT; this one does, as a deployment does. */
    public static class UntilTheJitSettles implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("gateway.warm-up.compiling-at-most", "900ms", "gateway.warm-up.timeout", "90s");
        }
    }

    @TestHTTPResource("/")
    URI base;

    @Test
    void readinessWaitsForAWarmUpOfTheClientsPathsThatLeavesNoTrace() throws Exception {
        await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> given().when().get(Management.url("/q/health/ready"))
                .then().body("checks.find { it.name == 'warm-up' }.status", equalTo("UP")));

        given().when().get(Management.url("/q/health/ready"))
                .then().body("checks.find { it.name == 'warm-up' }.data.requests", greaterThanOrEqualTo(300))
                .body("checks.find { it.name == 'warm-up' }.data.of", equalTo(300))
                .body("checks.find { it.name == 'warm-up' }.data.limited", equalTo(0))
                .body("checks.find { it.name == 'warm-up' }.data.tokensVerified", greaterThanOrEqualTo(75))
                .body("checks.find { it.name == 'warm-up' }.data.compilingLastSecondMs", allOf(greaterThanOrEqualTo(0), lessThanOrEqualTo(900)));
        String answer = statusLineFrom("127.0.0.2", "/api/catalog/products");
        assertThat(answer, startsWith("HTTP/1.1 "));
        assertThat("the warm-up's address has its whole anonymous limit: " + answer, answer.contains(" 429 "), equalTo(false));
    }

    /** One anonymous GET sent from {@code localAddress}: the status line of the answer. */
    private String statusLineFrom(String localAddress, String path) throws Exception {
        try (Socket socket = new Socket(InetAddress.getByName(base.getHost()), base.getPort(),
                InetAddress.getByName(localAddress), 0)) {
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: " + base.getHost() + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII)).readLine();
        }
    }
}
