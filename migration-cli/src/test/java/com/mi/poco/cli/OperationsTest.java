package com.mi.poco.cli;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the operator's commands say of the services' answers, against a stand-in gateway whose three consuming
 * services hold one dead letter, event {@code E-1}, at loyalty-service.
 */
class OperationsTest {

    private HttpServer server;
    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    private Operations operations;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/api/", this::replay);
        server.start();
        GatewayClient client = new GatewayClient(URI.create("http://127.0.0.1:" + server.getAddress().getPort()), "token",
                Duration.ofSeconds(5));
        operations = new Operations(client, new PrintStream(printed, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    /** A service's replay: it selects E-1 if it is loyalty-service and the request names it. */
    private void replay(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        boolean held = exchange.getRequestURI().getPath().startsWith("/api/loyalty/") && body.contains("\"E-1\"");
        byte[] answer = ("{\"selected\":" + (held ? 1 : 0) + ",\"applied\":" + (held ? 1 : 0)
                + ",\"alreadyApplied\":0,\"failedAgain\":0,\"stillWaiting\":[]}").getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, answer.length);
        exchange.getResponseBody().write(answer);
        exchange.close();
    }

    private int replay(String... events) throws IOException {
        ObjectNode selection = GatewayClient.JSON.createObjectNode();
        List.of(events).forEach(selection.putArray("eventIds")::add);
        return operations.replayDeadLetters(selection);
    }

    @Test
    void anEventNamedThatNoServiceHoldsIsSaidAndFailsTheReplay() throws IOException {
        assertThat(replay("E-1"), equalTo(0));
        assertThat(replay("E-1", "E-typo"), equalTo(1));
        assertThat(printed.toString(StandardCharsets.UTF_8),
                containsString("replay: 1 of the 2 events named is no dead letter waiting at any service"));
        assertThat(replay("E-gone"), equalTo(1));
    }

    @Test
    void aRefusedFieldIsNamedWithWhy() {
        String problem = """
                {"type":"https://poco-migration.mi.com/problems/validation","title":"Invalid request","status":400,
                 "detail":"2 field(s) are invalid","violations":[{"field":"region","message":"is not a known region"},
                 {"field":"all","message":"must be true"}]}""";
        assertThat(GatewayClient.detail(problem),
                equalTo("2 field(s) are invalid: region is not a known region; all must be true"));
        assertThat(GatewayClient.detail("{\"title\":\"Conflict\"}"), equalTo("Conflict"));
        assertThat(GatewayClient.detail("not json"), equalTo("not json"));
    }
}
