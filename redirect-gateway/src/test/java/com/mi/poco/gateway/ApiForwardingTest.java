package com.mi.poco.gateway;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.startsWith;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.empty;

import com.mi.poco.gateway.http.Upstreams;
import com.mi.poco.testing.CapturedLogs;
import com.mi.poco.testing.Ports;
import io.restassured.RestAssured;
import io.restassured.config.HttpClientConfig;
import io.restassured.http.Method;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import jakarta.inject.Inject;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * The gateway forwards each API prefix to its service. The services here are stand-ins (an echo
 * server, and a port where nothing listens): what is under test is the gateway.
 */
@QuarkusTest
@TestProfile(ApiForwardingTest.StandIns.class)
class ApiForwardingTest {

    static final int ECHO = Ports.free();
    static final int NOTHING = Ports.free();
    /** A service that keeps its connections alive until it is killed: {@link KeptAliveService#reset()}. */
    private static KeptAliveService coupons;
    static final Duration SILENCE_LIMIT = Duration.ofSeconds(3);
    /** Longer than {@link #SILENCE_LIMIT}, as the gateway requires. */
    static final Duration CLIENT_IDLE_TIMEOUT = Duration.ofSeconds(5);
    /** An answer larger than the gateway relays whole: it is streamed. */
    static final String LARGE = "0123456789abcdef".repeat(20_000);
    private static Vertx vertx;
    /** Requests in flight at once in {@link #manyReadsAtOnceAllReachTheService}: ten for each of the gateway's event loops. */
    static final int HELD = 40;
    /** The stand-in's requests held so far (its server runs on one event loop). */
    private static final List<HttpServerRequest> held = new ArrayList<>();
    /** Set when the stand-in's endless answer lost its reader: the gateway let go of it. */
    private static final AtomicBoolean endlessAnswerDropped = new AtomicBoolean();

    /** The gateway's own Vert.x (the stand-ins run on {@link #vertx}). */
    @Inject
    Vertx gateway;

    public static class StandIns implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("gateway.services.accounts", "http://127.0.0.1:" + ECHO,
                    "gateway.services.loyalty", "http://127.0.0.1:" + NOTHING,
                    "gateway.services.coupons", "http://127.0.0.1:" + KeptAliveService.PORT,
                    "gateway.upstream.silence-limit", SILENCE_LIMIT.toMillis() + "ms",
                    "quarkus.http.idle-timeout", CLIENT_IDLE_TIMEOUT.toMillis() + "ms",
                    "quarkus.log.category.\"" + Upstreams.class.getName() + "\".level", "DEBUG");
        }
    }

    @BeforeAll
    static void echoServer() throws Exception {
        vertx = Vertx.vertx();
        HttpServer server = vertx.createHttpServer().requestHandler(request -> {
            switch (request.path()) {
                case "/api/accounts/endless" -> endless(request.response());
                case "/api/accounts/silent" -> { } // takes the request and never answers
                case "/api/accounts/cut" -> request.response().setChunked(true).write("the first half, and then")
                        .onSuccess(written -> request.connection().close());
                case "/api/accounts/cut-declared" -> request.response().putHeader("Content-Length", "1000")
                        .write("a tenth of it").onSuccess(written -> request.connection().close());
                case "/api/accounts/held" -> hold(request);
                case "/api/accounts/large" -> request.response().putHeader("Content-Type", "text/plain").end(LARGE);
                // a service killed after it took the request, before it answered
                case "/api/accounts/dies-after-body" -> request.body().onComplete(read -> request.connection().close());
                // ... or while the body was still coming
                case "/api/accounts/dies-mid-body" -> request.handler(chunk -> request.connection().close());
                default -> echo(request);
            }
        });
        server.listen(ECHO, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        coupons = KeptAliveService.start();
    }

    private static void echo(HttpServerRequest request) {
        request.body().onSuccess(body ->
                request.response().setStatusCode(207)
                        .putHeader("X-Echo-Header", String.valueOf(request.getHeader("X-Test")))
                        .putHeader("X-Echo-Names", request.headers().names().stream()
                                .map(name -> name.toLowerCase(java.util.Locale.ROOT)).sorted()
                                .collect(java.util.stream.Collectors.joining(",")))
                        .putHeader("Content-Type", "text/plain")
                        .end(request.method() + " " + request.uri() + " " + body));
    }

    /** Requests held until {@link #HELD} are in: each is answered only once all of them reached the service. */
    private static void hold(HttpServerRequest request) {
        held.add(request);
        if (held.size() == HELD) {
            held.forEach(waiting -> waiting.response().end("all in"));
            held.clear();
        }
    }

    /** An answer that never ends: a kilobyte every 10 ms, until whoever reads it goes away. */
    private static void endless(HttpServerResponse response) {
        response.setChunked(true).putHeader("Content-Type", "text/plain");
        long timer = vertx.setPeriodic(10, tick -> response.write("x".repeat(1024)));
        response.closeHandler(closed -> {
            vertx.cancelTimer(timer);
            endlessAnswerDropped.set(true);
        });
    }

    @AfterAll
    static void stop() throws Exception {
        vertx.close();
        coupons.close();
    }

    @Test
    void methodPathQueryHeadersBodyAndStatusAreKept() {
        given().header("X-Test", "kept").contentType("application/x-ndjson").body("{\"a\":1}\n".getBytes())
                .when().post("/api/accounts/imports/accounts?firstLine=7")
                .then().statusCode(207)
                .header("X-Echo-Header", equalTo("kept"))
                .body(equalTo("POST /api/accounts/imports/accounts?firstLine=7 {\"a\":1}\n"));
    }

    /**
     * The service is chosen by the path the router matched, and that path is what it is sent: dot
     * segments, even percent-encoded, cannot send a request for one service's resource to another.
     */
    @Test
    void theNormalizedPathChoosesTheServiceAndIsWhatItGets() {
        for (String hostile : List.of("/api/loyalty/%2e%2e/accounts/P1/migration?x=%2e%2e",
                "/api/loyalty/../accounts/P1/migration?x=%2e%2e", "/api/loyalty/x/%2E%2E/%2e%2E/accounts/./P1/migration?x=%2e%2e")) {
            given().urlEncodingEnabled(false).when().get(hostile)
                    .then().statusCode(207)
                    .body(equalTo("GET /api/accounts/P1/migration?x=%2e%2e "));
        }
        given().urlEncodingEnabled(false).when().get("/api/accounts/a%2Fb/%7Ec")
                .then().statusCode(207)
                .body(equalTo("GET /api/accounts/a%2Fb/~c "));
    }

    @Test
    void aGetCarriesNeitherTheHeadersItsConnectionHeaderNamesNorADeclaredBody() {
        for (int i = 0; i < 3; i++) { // on the same pooled upstream connections, again and again
            given().header("X-Test", "kept").header("X-Secret", "dropped").header("Connection", "keep-alive, X-Secret")
                    .body("a body on a GET".getBytes())
                    .when().get("/api/accounts/P1/migration")
                    .then().statusCode(207)
                    .header("X-Echo-Header", equalTo("kept"))
                    .header("X-Echo-Names", not(containsString("x-secret")))
                    .header("X-Echo-Names", not(containsString("content-length")))
                    .body(equalTo("GET /api/accounts/P1/migration "));
        }
    }

    @Test
    void aClientsConnectionCloseIsKeptForItsOwnConnectionThoughNotForwarded() throws Exception {
        // the gateway takes the hop-by-hop headers out of the client's request as it forwards it: the
        // client's own connection is still closed after the answer, as it asked
        try (Socket socket = send("GET /api/accounts/P5/migration HTTP/1.1\r\nHost: gateway\r\nConnection: close\r\n\r\n")) {
            socket.setSoTimeout(10_000); // a connection kept open fails the read, not the build's patience
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
            assertThat(answer, startsWith("HTTP/1.1 207"));
            assertThat(answer, containsString("GET /api/accounts/P5/migration "));
            String names = answer.lines().filter(line -> line.regionMatches(true, 0, "X-Echo-Names:", 0, 13))
                    .findFirst().orElseThrow();
            assertThat(names, not(containsString("connection")));
        }
    }

    @Test
    void aBodyFramedBothWaysIsSentWithItsRealLengthNotItsDeclaredOne() throws Exception {
        String smuggled = "POST /api/accounts/imports/accounts HTTP/1.1\r\nHost: gateway\r\nContent-Length: 100\r\n"
                + "Transfer-Encoding: chunked\r\nContent-Type: application/x-ndjson\r\n\r\n4\r\nabcd\r\n0\r\n\r\n";
        try (Socket socket = send(smuggled)) {
            byte[] answer = new byte[4096];
            int read = socket.getInputStream().read(answer);
            String response = new String(answer, 0, Math.max(read, 0), StandardCharsets.UTF_8);
            // either refused outright, or forwarded with the body it really had
            if (!response.startsWith("HTTP/1.1 400")) {
                assertThat(response, startsWith("HTTP/1.1 207"));
                assertThat(response, containsString("POST /api/accounts/imports/accounts abcd"));
            }
        }
        given().when().get("/api/accounts/P2/migration").then().statusCode(207);
    }

    @Test
    void aClientLeavingMidAnswerLetsGoOfTheServicesStream() throws Exception {
        try (Socket socket = get("/api/accounts/endless")) {
            byte[] begun = socket.getInputStream().readNBytes(4096); // the headers and a few chunks
            assertThat(new String(begun, StandardCharsets.US_ASCII), startsWith("HTTP/1.1 200"));
        }
        await().atMost(Duration.ofSeconds(10)).untilTrue(endlessAnswerDropped);
        given().when().get("/api/accounts/P3/migration").then().statusCode(207); // and the gateway goes on
    }

    @Test
    void anAnswerTheServiceCutsShortIsCutForTheClientTooNotEndedAsIfWhole() throws Exception {
        try (Socket socket = get("/api/accounts/cut")) {
            // the gateway closes the connection: reading to its end returns, without the last chunk
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
            assertThat(answer, startsWith("HTTP/1.1 200"));
            assertThat(answer, containsString("the first half, and then"));
            assertThat(answer, not(containsString("\r\n0\r\n\r\n")));
        }
    }

    @Test
    void aLargeAnswerIsStreamedWholeAndASmallOneTheServiceCutsShortIsA502() {
        given().when().get("/api/accounts/large")
                .then().statusCode(200)
                .header("Content-Length", String.valueOf(LARGE.length()))
                .body(equalTo(LARGE));
        given().when().get("/api/accounts/cut-declared")
                .then().statusCode(502)
                .contentType("application/problem+json")
                .body("detail", containsString("cut short"));
        given().when().get("/api/accounts/P4/migration").then().statusCode(207);
    }

    /** A GET sent on a connection of its own, to read the answer as the bytes the gateway wrote. */
    private static Socket get(String path) throws Exception {
        return send("GET " + path + " HTTP/1.1\r\nHost: gateway\r\n\r\n");
    }

    /** {@code request}, as written, on a connection of its own to the gateway. */
    private static Socket send(String request) throws Exception {
        Socket socket = new Socket("127.0.0.1", RestAssured.port);
        socket.setSoTimeout(5_000);
        socket.getOutputStream().write(request.getBytes(StandardCharsets.UTF_8));
        return socket;
    }

    /**
     * Reads in flight at once each get a connection to the service (up to 64 per event loop): none waits
     * for another's answer. The service here answers only once all of them have reached it. With a pool
     * of 5 per event loop (Vert.x's default, which a client built with only its options takes) the rest
     * waited, and the service never answered.
     */
    @Test
    void manyReadsAtOnceAllReachTheService() {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        List<CompletableFuture<HttpResponse<String>>> answers = IntStream.range(0, HELD)
                .mapToObj(i -> client.sendAsync(HttpRequest.newBuilder(gatewayUri("/api/accounts/held"))
                        .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString()))
                .toList();
        for (CompletableFuture<HttpResponse<String>> answer : answers) {
            HttpResponse<String> response = answer.join();
            assertThat(response.body(), response.statusCode(), equalTo(200));
            assertThat(response.body(), equalTo("all in"));
        }
    }

    @Test
    void aServiceThatIsDownIsAQuick503Problem() {
        given().when().get("/api/loyalty/reconciliation")
                .then().statusCode(503)
                .contentType("application/problem+json")
                .body("detail", containsString("loyalty"))
                .time(lessThan(3_000L));
    }

    /**
     * A service that goes away while it holds a request (killed after taking the body, or while it came)
     * is a 503 problem for the client, not an answer that never comes; also for a client that asks for
     * HTTP/2 (the JDK's, as {@code bin/migrate} uses, asks a cleartext connection to upgrade), which is
     * answered in HTTP/1.1 on the same connection.
     */
    @Test
    void aServiceGoneWhileItHoldsTheRequestIsA503ProblemOverEitherVersion() throws Exception {
        String body = "{\"line\":\"of an import part\"}\n".repeat(200_000); // 6 MB: many chunks
        for (HttpClient.Version version : HttpClient.Version.values()) {
            HttpClient client = HttpClient.newBuilder().version(version).build();
            // a first request asks to upgrade the connection (h2c) where HTTP/2 is asked for, as a CLI's first read does
            assertThat(send(client, HttpRequest.newBuilder(gatewayUri("/api/accounts/P5/migration"))).statusCode(),
                    equalTo(207));
            for (String path : List.of("/api/accounts/dies-after-body", "/api/accounts/dies-mid-body", "/api/loyalty/points")) {
                HttpResponse<String> answer = send(client, HttpRequest.newBuilder(gatewayUri(path))
                        .header("Content-Type", "application/x-ndjson")
                        .POST(HttpRequest.BodyPublishers.ofString(body)));
                assertThat(version + " " + path + ": " + answer.body(), answer.statusCode(), equalTo(503));
                assertThat(answer.version(), equalTo(HttpClient.Version.HTTP_1_1));
                assertThat(answer.headers().firstValue("Content-Type").orElse(""), equalTo("application/problem+json"));
            }
            // and a read of a service that is down, on the same connection
            assertThat(send(client, HttpRequest.newBuilder(gatewayUri("/api/loyalty/reconciliation"))).statusCode(),
                    equalTo(503));
            assertThat(send(client, HttpRequest.newBuilder(gatewayUri("/api/accounts/P6/migration"))).statusCode(),
                    equalTo(207));
        }
    }

    private static URI gatewayUri(String path) {
        return URI.create("http://127.0.0.1:" + RestAssured.port + path);
    }

    private static HttpResponse<String> send(HttpClient client, HttpRequest.Builder request)
            throws Exception {
        return client.send(request.timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aServiceSilentPastTheLimitIsA503ProblemNotAnEndlessWait() {
        long started = System.nanoTime();
        given().config(RestAssured.config().httpClient(HttpClientConfig.httpClientConfig()
                        .setParam("http.socket.timeout", 30_000)))
                .when().get("/api/accounts/silent")
                .then().statusCode(503)
                .contentType("application/problem+json")
                .body("detail", containsString("accounts"));
        assertThat("the limit was waited for", Duration.ofNanos(System.nanoTime() - started),
                greaterThanOrEqualTo(SILENCE_LIMIT));
    }

    /**
     * A client's connection silent past the idle timeout is closed, whatever it was at: opened and never
     * written to, a request left half sent, kept alive after an answer (Quarkus' default held each for
     * 30 minutes). Not before: each is still open right after the answer.
     */
    @Test
    void aClientsConnectionSilentPastTheIdleTimeoutIsClosed() throws Exception {
        try (Socket opened = send("");
             Socket halfSent = send("GET /api/accounts/P6/migra");
             Socket keptAlive = get("/api/accounts/P6/migration")) {
            assertThat(new String(keptAlive.getInputStream().readNBytes(12), StandardCharsets.US_ASCII),
                    equalTo("HTTP/1.1 207"));
            for (Socket socket : List.of(opened, halfSent, keptAlive)) {
                assertThat(closedByTheGateway(socket), equalTo(false));
            }
            for (Socket socket : List.of(opened, halfSent, keptAlive)) {
                await().atMost(CLIENT_IDLE_TIMEOUT.plusSeconds(10)).until(() -> closedByTheGateway(socket));
            }
        }
    }

    /** Whether the gateway closed {@code socket}: what was left to read is read, up to the end if it came. */
    private static boolean closedByTheGateway(Socket socket) throws IOException {
        socket.setSoTimeout(200);
        try {
            byte[] left = new byte[8192];
            int read;
            do {
                read = socket.getInputStream().read(left);
            } while (read > 0);
            return true;
        } catch (SocketTimeoutException stillOpen) {
            return false;
        } catch (SocketException reset) {
            return true;
        }
    }

    @Test
    @EnabledOnOs(value = OS.LINUX, architectures = {"amd64", "aarch64"})
    void onLinuxTheEventLoopsRunOnEpoll() {
        // quarkus.vertx.prefer-native-transport with Netty's epoll libraries for these two (pom.xml)
        assertThat(gateway.isNativeTransportEnabled(), equalTo(true));
    }

    @Test
    void anUnknownApiIsA404Problem() {
        // "/api" itself is matched by the route "/api/*" and has no prefix: it threw (a 500) until 2026-12-03
        for (String path : List.of("/api/nothing/here", "/api", "/api/")) {
            for (Method method : List.of(Method.GET, Method.HEAD, Method.OPTIONS, Method.DELETE)) {
                given().when().request(method, path)
                        .then().statusCode(404)
                        .contentType("application/problem+json");
            }
        }
    }

    @Test
    void aPathNothingServesIsA404ProblemNotAnHtmlPage() {
        for (String path : List.of("/nothing/here", "/q/health")) {
            given().noFilters().when().get(path)
                    .then().statusCode(404)
                    .contentType("application/problem+json")
                    .body("type", endsWith("/not-found"))
                    .body("instance", equalTo(path));
        }
    }

    /**
     * A service killed (or restarted) resets the connections the gateway keeps alive to it. One the
     * gateway holds idle in its pool is let go of quietly, as nginx does its upstream keepalive: the
     * next read opens another. Until 2026-12-04 each such reset was an ERROR in the gateway's log
     * ("Connection reset by peer"), with nothing wrong.
     */
    @Test
    void aKeptAliveConnectionTheServiceResetsIsLetGoOfWithoutAnError() throws Exception {
        try (CapturedLogs logs = CapturedLogs.start()) {
            given().when().get("/api/coupons/mi/M1").then().statusCode(200).body(equalTo("ok"));
            int before = coupons.connections();
            assertThat(coupons.reset(), greaterThanOrEqualTo(1));
            await().atMost(Duration.ofSeconds(10)).until(() -> logs.records().stream()
                    .anyMatch(record -> record.getLoggerName().equals(Upstreams.class.getName())));
            given().when().get("/api/coupons/mi/M1").then().statusCode(200).body(equalTo("ok"));
            assertThat("the next read came on a new connection", coupons.connections(), equalTo(before + 1));
            assertThat(logs.records().stream()
                    .filter(record -> record.getLevel().intValue() >= Level.WARNING.intValue())
                    .map(record -> record.getLoggerName() + " " + record.getMessage())
                    .filter(line -> line.startsWith("io.vertx") || line.startsWith("io.netty")
                            || line.startsWith("com.mi.poco"))
                    .toList(), empty());
        }
    }

    /**
     * A stand-in service over plain sockets, so that it can reset them (a Vert.x server closes its
     * connections only gracefully): it answers every GET with "ok" and keeps the connection open
     * until {@link #reset()}.
     */
    private static final class KeptAliveService implements AutoCloseable {
        static final int PORT = Ports.free();
        private final ServerSocket server;
        private final List<Socket> open = new CopyOnWriteArrayList<>();
        private final AtomicInteger accepted = new AtomicInteger();

        private KeptAliveService(ServerSocket server) {
            this.server = server;
        }

        static KeptAliveService start() throws Exception {
            KeptAliveService service = new KeptAliveService(new ServerSocket(PORT, 50, InetAddress.getLoopbackAddress()));
            daemon(service::accept);
            return service;
        }

        private void accept() {
            while (!server.isClosed()) {
                try {
                    Socket socket = server.accept();
                    accepted.incrementAndGet();
                    open.add(socket);
                    daemon(() -> answer(socket));
                } catch (IOException closed) {
                    return;
                }
            }
        }

        private static void daemon(Runnable task) {
            Thread thread = new Thread(task, "kept-alive-service");
            thread.setDaemon(true);
            thread.start();
        }

        /** "ok" to each request on {@code socket}, read up to its blank line (GETs have no body). */
        private static void answer(Socket socket) {
            try (socket) {
                BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                        StandardCharsets.ISO_8859_1));
                String line;
                while ((line = in.readLine()) != null) {
                    if (line.isEmpty()) {
                        socket.getOutputStream().write("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 2\r\n\r\nok"
                                .getBytes(StandardCharsets.ISO_8859_1));
                    }
                }
            } catch (IOException reset) {
                // reset() did it
            }
        }

        /** Resets every open connection (RST, as a killed process's kernel may), and says how many. */
        int reset() throws IOException {
            int reset = 0;
            for (Socket socket : open) {
                socket.setSoLinger(true, 0);
                socket.close();
                open.remove(socket);
                reset++;
            }
            return reset;
        }

        int connections() {
            return accepted.get();
        }

        @Override
        public void close() throws Exception {
            server.close();
            reset();
        }
    }
}
