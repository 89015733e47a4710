package com.mi.poco.testing;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.sameInstance;
import static org.hamcrest.Matchers.startsWith;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.mi.poco.messaging.inbox.Subscriber;
import com.mi.poco.web.RememberedTokens;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.quarkus.smallrye.jwt.runtime.auth.JsonWebTokenCredential;
import io.restassured.RestAssured;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.junit.jupiter.api.Test;

/**
 * What ops and web clients rely on from every service (docs/contracts.md "HTTP"): readiness that covers the
 * database and Kafka, Prometheus metrics, the OpenAPI document, and problem+json for a client's
 * mistake, never a stack trace; and a database holding only the tables of its own service.
 */
public abstract class ServiceEndpointsContract {

    /** One of the service's reads by an identifier, {@code {id}} in its place. */
    private final String readById;
    /** One of the service's imports: an endpoint that reads a body. */
    private final String anImport;

    protected ServiceEndpointsContract(String readById, String anImport) {
        this.readById = readById;
        this.anImport = anImport;
    }

    @Inject
    DataSource database;

    @ConfigProperty(name = "quarkus.flyway.locations")
    List<String> migrations;

    @Inject
    @Any
    Instance<Subscriber<?>> subscribers;

    @Inject
    IdentityProviderManager identities;

    @Inject
    @Any
    Instance<IdentityProvider<?>> identityProviders;

    /**
     * A token verified once is not verified again until it expires: the same identity comes back for it
     * (from the table of remembered tokens, asked before smallrye-jwt's validator), and a token signed by
     * another key is still refused. Providers of equal priority are asked in no set order, so the table
     * must come strictly first, not merely happen to in this build.
     */
    @Test
    void aVerifiedTokenIsRememberedAndAForgedOneStillRefused() {
        int remembered = identityProviders.stream().filter(RememberedTokens.class::isInstance)
                .mapToInt(IdentityProvider::priority).findFirst().orElseThrow();
        identityProviders.stream()
                .filter(provider -> provider.getRequestType() == TokenAuthenticationRequest.class)
                .filter(provider -> !(provider instanceof RememberedTokens))
                .forEach(provider -> assertThat(provider.getClass().getSimpleName() + "'s priority",
                        provider.priority(), lessThan(remembered)));

        String token = Tokens.customer("M-REMEMBERED-1");
        SecurityIdentity first = authenticate(token);
        SecurityIdentity again = authenticate(token);

        assertThat(again.getPrincipal().getName(), equalTo("M-REMEMBERED-1"));
        assertThat("the identity made the first time", again, sameInstance(first));
        assertThrows(AuthenticationFailedException.class, () -> authenticate(Tokens.opsSignedByAnotherKey()));
    }

    /** As smallrye-jwt's mechanism asks for a bearer token's identity (its validator takes no other credential). */
    private SecurityIdentity authenticate(String token) {
        return identities.authenticateBlocking(new TokenAuthenticationRequest(new JsonWebTokenCredential(token)));
    }

    /** The migration steps' tables (module migration-steps) are in the databases of the services that use them only. */
    @Test
    void theMigrationStepsTablesAreOnlyWhereTheStepsRun() throws SQLException {
        assertThat("the steps' tables, with Flyway locations " + migrations,
                tablesAmong("migrated_account", "erased_account"), equalTo(migrations.contains("db/steps") ? 2 : 0));
    }

    /** The inbox's tables are in the databases of the services that consume events only (catalog-service consumes none). */
    @Test
    void theInboxTablesAreOnlyWhereEventsAreConsumed() throws SQLException {
        boolean consumes = !subscribers.isUnsatisfied();
        assertThat("the inbox's tables, in a service that " + (consumes ? "consumes" : "consumes nothing"),
                tablesAmong("processed_event", "dead_letter"), equalTo(consumes ? 2 : 0));
    }

    /**
     * A channel's name is its event type's topic, written once more only in the {@code @Incoming}
     * annotation (a constant): every subscriber listens on exactly its subscription's channel, that
     * channel reads the type's topic, and its dead letters go to {@code <topic>.<service>.dlq}.
     */
    @Test
    void everySubscriberListensOnItsEventTypesTopic() {
        for (Subscriber<?> subscriber : subscribers) {
            String channel = subscriber.subscription().channel();
            List<String> incoming = Arrays.stream(subscriber.getClass().getMethods())
                    .map(method -> method.getAnnotation(Incoming.class)).filter(Objects::nonNull)
                    .map(Incoming::value).toList();
            assertThat(subscriber.getClass().getSimpleName() + " listens on", incoming, equalTo(List.of(channel)));
            assertThat(channel + "'s topic", config("mp.messaging.incoming." + channel + ".topic"),
                    equalTo(subscriber.subscription().type().topic()));
            assertThat(channel + "'s dead letters", config("mp.messaging.incoming." + channel + ".dead-letter-queue.topic"),
                    equalTo(subscriber.subscription().type().topic() + "." + config("quarkus.application.name") + ".dlq"));
        }
    }

    private static String config(String name) {
        return ConfigProvider.getConfig().getValue(name, String.class);
    }

    /** How many of the named tables the service's database holds. */
    private int tablesAmong(String... names) throws SQLException {
        try (Connection connection = database.getConnection(); PreparedStatement statement = connection.prepareStatement("""
                SELECT count(*) FROM information_schema.tables
                WHERE table_schema = current_schema() AND table_name = ANY (?)""")) {
            statement.setArray(1, connection.createArrayOf("text", names));
            try (ResultSet tables = statement.executeQuery()) {
                tables.next();
                return tables.getInt(1);
            }
        }
    }

    @Test
    void readinessCoversTheDatabaseAndKafka() {
        given().when().get(Management.url("/q/health/ready"))
                .then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItem(containsString("Database connections health check")))
                // SmallRye's Kafka readiness: one entry per channel, OK once its client reaches the broker
                .body("checks.find { it.name.contains('Reactive Messaging') }.data.outbox", equalTo("[OK]"));
    }

    /** Health and metrics are on the management port only: what reaches the API's port does not read them. */
    @Test
    void metricsAreExposedForPrometheusOnTheManagementPortOnly() {
        given().accept("text/plain").when().get(Management.url("/q/metrics"))
                .then().statusCode(200)
                .contentType(startsWith("text/plain"))
                .body(containsString("jvm_memory_used_bytes"));
        for (String path : List.of("/q/metrics", "/q/health", "/q/health/ready")) {
            given().when().get(path).then().statusCode(404);
        }
    }

    @Test
    void openApiDocumentIsPublished() {
        // on the API's port, with the API, for its clients (not on the management port)
        given().queryParam("format", "json").when().get("/q/openapi")
                .then().statusCode(200)
                .body("openapi", startsWith("3."));
        given().when().get("/q/swagger-ui/").then().statusCode(200).contentType(containsString("text/html"));
    }

    @Test
    void unknownApiRouteIsAProblemNotAStackTrace() {
        for (String path : List.of("/api/no-such-thing", "/nothing/here")) {
            given().when().get(path)
                    .then().statusCode(404)
                    .contentType("application/problem+json")
                    .body("status", equalTo(404))
                    .body("type", startsWith("https://"))
                    .body(not(containsString("Exception")));
        }
    }

    /**
     * A Host header that is no host[:port] is refused before any resource, as a 400 problem: Quarkus'
     * error page answered it with a text reading "500 - Internal Server Error" and logged an ERROR.
     */
    @Test
    void aHostHeaderThatIsNoHostIsA400Problem() throws IOException {
        int port = RestAssured.port;
        for (String host : List.of("localhost:abc", "localhost:80@evil.example", "local host")) {
            String answer = RawHttp.exchange(port, "GET", readById.replace("{id}", "P1"), host);
            assertThat(host + " -> " + answer, RawHttp.status(answer), equalTo(400));
            assertThat(host + " -> " + answer, answer, containsString("application/problem+json"));
            assertThat(host + " -> " + answer, answer, containsString("/problems/bad-host"));
        }
    }

    /** Two Host headers are refused before any resource (RFC 9112, 3.2): which host is meant is ambiguous. */
    @Test
    void twoHostHeadersAreA400Problem() throws IOException {
        String answer = RawHttp.exchange(RestAssured.port, "GET", readById.replace("{id}", "P1"), "localhost", "evil.example");
        assertThat(answer, RawHttp.status(answer), equalTo(400));
        assertThat(answer, answer, containsString("application/problem+json"));
        assertThat(answer, answer, containsString("/problems/bad-host"));
    }

    /**
     * A request line of another HTTP version than 1.0 and 1.1 is a 505 problem, the connection closed (the
     * client asked to keep it): under Quarkus it had been served, its answer's status line repeating the
     * version ({@code HTTP/9.9 200 OK}).
     */
    @Test
    void aRequestLineOfAnotherHttpVersionIsA505Problem() throws IOException {
        String read = readById.replace("{id}", "P1");
        for (String version : List.of("HTTP/2.0", "HTTP/1.2", "HTTP/1.10", "HTTP/9.9")) {
            String answer = RawHttp.send(RestAssured.port, "GET " + read + " " + version + "\r\nHost: localhost\r\n\r\n");
            assertThat(version + " -> " + answer, RawHttp.status(answer), equalTo(505));
            assertThat(version + " -> " + answer, answer, containsString("/problems/http-version-not-supported"));
            assertThat(version + " -> " + answer, answer.toLowerCase(Locale.ROOT), containsString("connection: close"));
        }
        for (String version : List.of("HTTP/1.1", "HTTP/1.0")) {
            String answer = RawHttp.exchangeLine(RestAssured.port, "GET " + read + " " + version, "localhost");
            assertThat(version + " -> " + answer, answer, startsWith(version + " 4")); // 401 without a token, or 404
            assertThat(version + " -> " + answer, answer, not(containsString("http-version-not-supported")));
        }
    }

    /**
     * A body in a transfer coding other than chunked alone is refused and the connection closed (RFC 9112,
     * 6.1 and 6.3): Netty reads a body as chunked if chunked is among its codings and as empty if not, so
     * {@code gzip, chunked} had been read as if plain and the body of {@code xchunked} as the next request
     * (here a read, which must not be answered).
     */
    @Test
    void aBodyInAnotherTransferCodingIsRefusedAndTheConnectionClosed() throws IOException {
        String chunk = "5\r\nhello\r\n0\r\n\r\n";
        String next = "GET " + readById.replace("{id}", "P-SMUGGLED") + " HTTP/1.1\r\nHost: localhost\r\n\r\n";
        /** A request's version and Transfer-Encoding, its body as Netty frames it, and the answer expected. */
        record Refused(String version, String codings, String body, int status, String problem) {
        }
        for (Refused refused : List.of(new Refused("HTTP/1.1", "gzip, chunked", chunk, 501, "unsupported-transfer-coding"),
                new Refused("HTTP/1.1", "xchunked", "", 400, "bad-framing"),
                new Refused("HTTP/1.1", "chunked, identity", chunk, 400, "bad-framing"),
                new Refused("HTTP/1.0", "chunked", chunk, 400, "bad-framing"))) {
            String answer = RawHttp.send(RestAssured.port, "POST " + anImport + " " + refused.version()
                    + "\r\nHost: localhost\r\nContent-Type: application/x-ndjson\r\nTransfer-Encoding: " + refused.codings()
                    + "\r\n\r\n" + refused.body() + next);
            String what = refused + " -> " + answer;
            assertThat(what, RawHttp.status(answer), equalTo(refused.status()));
            assertThat(what, answer, containsString("/problems/" + refused.problem()));
            assertThat(what, answer.toLowerCase(Locale.ROOT), containsString("connection: close"));
            assertThat("the next request not read: " + what, answer, not(containsString("SMUGGLED")));
        }
        String chunked = RawHttp.send(RestAssured.port, "POST " + anImport + " HTTP/1.1\r\nHost: localhost\r\n"
                + "Content-Type: application/x-ndjson\r\nTransfer-Encoding: Chunked\r\nConnection: close\r\n\r\n" + chunk);
        assertThat(chunked, RawHttp.status(chunked), equalTo(401)); // framed well; no token
    }

    /**
     * A request whose body came chunked is the last its connection carries (RFC 9112, 6.1): with a
     * {@code Content-Length} beside it, a proxy in front that framed it by that length has sent what follows
     * the chunked body as its own next request. Answered (after the body is read, and before it, with the
     * 401 of a request without a token), the connection is closed, and the request hidden in the body is
     * neither answered nor begun.
     */
    @Test
    void aRequestAfterAChunkedBodyIsNotBegunAndTheConnectionIsClosed() throws IOException {
        String hidden = "GET " + readById.replace("{id}", "P-SMUGGLED") + " HTTP/1.1\r\nHost: localhost\r\n"
                + "Authorization: Bearer " + Tokens.ops() + "\r\n\r\n";
        String body = "0\r\n\r\n" + hidden;
        for (String authorization : List.of("Authorization: Bearer " + Tokens.ops() + "\r\n", "")) {
            String answer = postToImport(authorization, body.length(), "Transfer-Encoding: chunked\r\n", body);
            String what = (authorization.isEmpty() ? "no token" : "ops token") + " -> " + answer;
            assertThat(what, RawHttp.status(answer), equalTo(authorization.isEmpty() ? 401 : 200));
            assertThat(what, answer.toLowerCase(Locale.ROOT), containsString("connection: close"));
            assertThat("the hidden request not answered: " + what, answer, not(containsString("SMUGGLED")));
            assertThat("one answer: " + what, RawHttp.answers(answer), equalTo(1));
        }
    }

    /**
     * Requests pipelined behind a request with a body are answered, in order: behind one answered after its
     * body was read (an ops token) and behind one answered before (a 401), with a body and without.
     */
    @Test
    void aRequestPipelinedBehindAPostIsAnsweredInOrder() throws IOException {
        String read = "GET " + readById.replace("{id}", "P-PIPELINED") + " HTTP/1.1\r\nHost: localhost\r\n"
                + "Authorization: Bearer " + Tokens.ops() + "\r\nConnection: close\r\n\r\n";
        for (String authorization : List.of("Authorization: Bearer " + Tokens.ops() + "\r\n", "")) {
            for (String body : List.of("", "{\"not\":\"a line of this import\"}\n")) {
                String answer = postToImport(authorization, body.length(), "", body + read);
                String what = (authorization.isEmpty() ? "no token" : "ops token") + ", " + body.length() + " bytes -> " + answer;
                assertThat(what, RawHttp.status(answer), equalTo(authorization.isEmpty() ? 401 : 200));
                assertThat("two answers: " + what, RawHttp.answers(answer), equalTo(2));
                assertThat("the read answered second: " + what, answer.substring(answer.lastIndexOf("HTTP/1.1 ")),
                        containsString("P-PIPELINED"));
            }
        }
    }

    /**
     * What the service answers, until it closes the connection, to a {@code POST} of its import declaring
     * {@code length} bytes, with {@code authorization} and {@code framing} as header lines, followed by
     * {@code bytes} as written (a body, and whatever is pipelined behind it).
     */
    private String postToImport(String authorization, int length, String framing, String bytes) throws IOException {
        return RawHttp.send(RestAssured.port, "POST " + anImport + " HTTP/1.1\r\nHost: localhost\r\n" + authorization
                + "Content-Type: application/x-ndjson\r\nContent-Length: " + length + "\r\n" + framing + "\r\n" + bytes);
    }

    /** An answer to a request with a token is the caller's own, a problem as much as data: no cache keeps it, none sniffs it. */
    @Test
    void anAnswerToATokenIsNotStored() {
        given().when().get(readById.replace("{id}", "P-unknown"))
                .then().statusCode(404)
                .header("Cache-Control", equalTo("no-store"))
                .header("X-Content-Type-Options", equalTo("nosniff"));
    }

    /**
     * No service decodes a content coding: a body that declares one is a 415 problem naming the one it
     * takes (it was read as if it had none: a gzipped import rejected line by line, a plain one labelled
     * br imported), and still a 401 first for a request with a bad token. Identity is what no header says;
     * a request whose body is not read (a read) is answered whatever the header says.
     */
    @Test
    void aBodyWithAContentCodingIsA415ProblemNotReadAsIfPlain() {
        byte[] line = "{}\n".getBytes(StandardCharsets.UTF_8);
        for (String coding : List.of("gzip", "br", "identity, gzip", "x-unknown")) {
            given().header("Content-Encoding", coding).contentType("application/x-ndjson").body(line)
                    .when().post(anImport)
                    .then().statusCode(415)
                    .header("Accept-Encoding", equalTo("identity"))
                    .contentType("application/problem+json")
                    .body("type", endsWith("/unsupported-content-coding"));
            given().header("Authorization", "Bearer not-a-token").header("Content-Encoding", coding)
                    .contentType("application/x-ndjson").body(line).when().post(anImport)
                    .then().statusCode(401);
        }
        given().header("Content-Encoding", "identity").contentType("application/x-ndjson").body(line)
                .when().post(anImport)
                .then().statusCode(200);
        given().header("Content-Encoding", "gzip").when().get(readById.replace("{id}", "P1"))
                .then().statusCode(not(415));
    }

    /**
     * PostgreSQL's text holds no U+0000: an identifier or a query parameter decoding to one is the
     * client's mistake, a 400 problem (it was a 500 from the failed statement), and still a 401 first
     * for a request with a bad token.
     */
    @Test
    void aNulInThePathOrQueryIsAProblemNotAFailedStatement() {
        for (String path : List.of(readById.replace("{id}", "P%00x"), readById.replace("{id}", "P1") + "?q=a%00")) {
            given().urlEncodingEnabled(false).when().get(path)
                    .then().statusCode(400)
                    .contentType("application/problem+json")
                    .body("type", endsWith("/invalid-character"))
                    .body("detail", containsString("U+0000"));
            given().urlEncodingEnabled(false).header("Authorization", "Bearer not-a-token").when().get(path)
                    .then().statusCode(401);
        }
    }
}
