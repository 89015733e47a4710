package com.mi.poco.web;

import com.github.benmanes.caffeine.cache.Caffeine;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.json.Json;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;
import java.util.Map;

/**
 * What the HTTP layer refuses before any resource or route of ours runs, answered as problem+json like
 * everything else a client gets wrong:
 * <ul>
 * <li>a request the router cannot take, such as one whose {@code Host} header is no host[:port]
 * ({@code po.co:abc}, {@code po.co:80@evil.com}): Quarkus' error page answered it with a 400 status, a
 * text body reading "500 - Internal Server Error" and an ERROR in the log, for the client's mistake;</li>
 * <li>a permission of {@code quarkus.http.auth.permission.*} that fails (the gateway's {@code /admin/*}):
 * Quarkus answered with an empty 401 or 403;</li>
 * <li>a request with more than one {@code Host} header, which HTTP/1.1 requires a server to refuse
 * (RFC 9112, 3.2), as nginx does: which host is meant is ambiguous, and a proxy in front that takes the
 * last one would route or cache by another host than ours, which takes the first. It is refused first,
 * before any other route (the gateway's legacy redirects decide by the host).</li>
 * <li>a request line of an HTTP version other than 1.0 and 1.1 ({@code HTTP/2.0}, {@code HTTP/1.2},
 * {@code HTTP/9.9}): Vert.x alone answers it a 501, but under Quarkus it was served, and the answer's
 * status line repeated the version the client wrote ({@code HTTP/9.9 200 OK}). It is a 505 problem
 * (RFC 9110, 15.6.6), as nginx answers a major version above 1 (it reads a higher 1.x as 1.1, which
 * Vert.x cannot answer in), and the connection is closed. HTTP/2 is not affected: it is negotiated,
 * never written in a request line.</li>
 * <li>a body in a transfer coding other than {@code chunked} alone ({@code gzip, chunked}, {@code xchunked},
 * {@code chunked, identity}), or any over HTTP/1.0: Netty reads a body as chunked if {@code chunked} is
 * among its codings and as empty if not, so such a body was read as if plain, or its bytes as the next
 * request on the connection. A 400 where its length cannot be known, a 501 for a coding before chunked
 * (RFC 9112, 6.1 and 6.3), and the connection closed; nginx refuses them all too (a 501 for any coding
 * but chunked alone, a 400 over HTTP/1.0).</li>
 * <li>a request after one whose body came chunked, on the same connection: see {@link #lastOnItsConnection}.</li>
 * <li>a path no route serves (at the gateway: not a legacy URL, the API, a page or {@code /admin/*}):
 * Vert.x answered with an HTML page. The services' resources answer their own unknown paths.</li>
 * </ul>
 * A failure with no client status (a bug of ours) is left to Quarkus: a 500 with a reference, logged.
 * The resources' own failures never come here: each service maps them itself (platform's
 * {@code ProblemMapper}), the gateway answers its own.
 */
@ApplicationScoped
public class HttpLayerProblems {

    private static final String CHUNKED = "chunked";

    /**
     * Connections that carried a chunked body: no request after it is begun on them. Weak keys: a connection
     * is forgotten with its last reference, its requests' included. {@link #anyLast} spares every other
     * request the look-up until a chunked body has come at all.
     */
    private final Map<HttpConnection, Boolean> lastRequestSent = Caffeine.newBuilder().weakKeys()
            .<HttpConnection, Boolean>build().asMap();
    private volatile boolean anyLast;

    /** Before any other observer's routes: at the same order, the router keeps the order routes were added in. */
    void register(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) Router router) {
        router.route().order(Integer.MIN_VALUE).handler(this::wellFormed);
        router.route().order(Integer.MIN_VALUE).failureHandler(this::answer);
        router.errorHandler(404, context -> send(context,
                Problem.ofStatus("Not Found", 404, "Nothing is served at this path")));
    }

    private void wellFormed(RoutingContext context) {
        HttpServerRequest request = context.request();
        if (anyLast && lastRequestSent.containsKey(request.connection())) {
            request.connection().close(); // a request sent after the last one: neither begun nor answered
            return;
        }
        if (request.version() == null) { // what Vert.x makes of a version it does not implement
            sendAndClose(context, Problem.of("http-version-not-supported", "HTTP Version Not Supported", 505,
                    "A request line names HTTP/1.1 or HTTP/1.0"));
            return;
        }
        if (request.headers().get(HttpHeaders.TRANSFER_ENCODING) != null) {
            Problem refused = transferCodings(request);
            if (refused != null) {
                sendAndClose(context, refused);
                return;
            }
            if (request.version() == HttpVersion.HTTP_1_1) { // HTTP/2 frames each stream's body itself
                lastOnItsConnection(context);
            }
        }
        if (request.headers().getAll(HttpHeaders.HOST).size() > 1) {
            send(context, badHost("The request has more than one Host header: the host it is meant for is ambiguous"));
            return;
        }
        context.next();
    }

    /**
     * Null for a body sent {@code chunked} alone over HTTP/1.1, the one transfer coding spoken here; else the
     * answer RFC 9112 (6.1, 6.3) asks for: a 400 where the body's length cannot be known (chunked not the
     * last coding, or any coding over HTTP/1.0, which has none), a 501 for a coding applied before chunked.
     */
    private static Problem transferCodings(HttpServerRequest request) {
        String codings = String.join(",", request.headers().getAll(HttpHeaders.TRANSFER_ENCODING));
        String last = codings.substring(codings.lastIndexOf(',') + 1).trim();
        if (request.version() == HttpVersion.HTTP_1_0 || !last.equalsIgnoreCase(CHUNKED)) {
            return Problem.of("bad-framing", "Bad request", 400, "The body's length cannot be known from its "
                    + "Transfer-Encoding: HTTP/1.1 frames a body by its Content-Length, or as chunked");
        }
        if (!codings.trim().equalsIgnoreCase(CHUNKED)) {
            return Problem.of("unsupported-transfer-coding", "Not Implemented", 501,
                    "No transfer coding but chunked is decoded here: send the body as it is, or chunked alone");
        }
        return null;
    }

    /**
     * A request whose body came chunked is the last one its connection carries: its answer says
     * {@code Connection: close}, the connection is closed once the answer is sent and the body read, and a
     * request that came after it on the connection goes no further than this class's first check: neither
     * routed nor answered. Netty reads a body as chunked when a request also has a {@code Content-Length},
     * and takes that header out before anything here sees it, so a request with both cannot be told from
     * one chunked alone; RFC 9112 (6.1) asks a server to close the
     * connection after answering such a request, because a proxy in front that framed it by its length
     * has sent what follows the chunked body as its own next request ({@code Content-Length} covering
     * {@code 0\r\n\r\nGET /admin/...}) or will send the next client's request as the rest of this one's
     * body. Closing after every chunked body costs a client that sends one (rare here: every client of
     * this API knows its body's length) a new connection; nginx refuses both headers together outright.
     * <p>Vert.x keeps the connection open whatever the answer's {@code Connection} header says (it decides
     * that from the request's), and begins a request pipelined behind this one as soon as the answer ends,
     * in the same call: hence the mark on the connection, looked up first for every request. The close is
     * made in the answer's end; if the body is not read to its end by then (an answer made before it, such
     * as a 401), the connection stays until the client closes it, as the answer asks, or sends another
     * request (closed, unanswered), or until its idle timeout.
     */
    private void lastOnItsConnection(RoutingContext context) {
        HttpServerRequest request = context.request();
        lastRequestSent.put(request.connection(), Boolean.TRUE);
        anyLast = true;
        context.addHeadersEndHandler(headers -> context.response().putHeader(HttpHeaders.CONNECTION, "close"));
        context.addEndHandler(answered -> {
            if (request.isEnded()) {
                request.connection().close();
            }
        });
    }

    private void answer(RoutingContext context) {
        Problem problem = problem(context);
        if (problem == null || context.response().headWritten()) {
            context.next();
            return;
        }
        send(context, problem);
    }

    /**
     * The problem, and the connection closed: what the client sent after this request on it cannot be told
     * apart from its body. Vert.x keeps a connection open whatever the answer's {@code Connection} header
     * says, and takes the next request pipelined on it once this answer has ended: closed at once, in the
     * same call, that request is never begun (closed when the answer's write completed, it had been).
     */
    private static void sendAndClose(RoutingContext context, Problem problem) {
        context.response().putHeader(HttpHeaders.CONNECTION, "close");
        send(context, problem);
        context.request().connection().close();
    }

    private static void send(RoutingContext context, Problem problem) {
        HttpServerResponse response = context.response();
        if (problem.status() == 401) {
            response.putHeader("WWW-Authenticate", "Bearer");
        }
        response.setStatusCode(problem.status())
                .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                .end(Json.encode(problem.withInstance(context.request().path())));
    }

    /** The client's problem with the request, or null where the failure is not the client's. */
    static Problem problem(RoutingContext context) {
        Throwable failure = context.failure();
        if (failure instanceof AuthenticationFailedException || failure instanceof UnauthorizedException) {
            return Problem.unauthenticated();
        }
        if (failure instanceof ForbiddenException) {
            return Problem.forbidden();
        }
        int status = context.statusCode();
        if (status < 400 || status >= 500) {
            return null;
        }
        if (status == 400 && context.request().authority() == null) {
            return badHost("An HTTP/1.1 request names its host in a Host header: a host name or address, and a port");
        }
        String title = HttpResponseStatus.valueOf(status).reasonPhrase();
        return Problem.ofStatus(title, status, "The request was refused before it reached the API: " + title);
    }

    private static Problem badHost(String detail) {
        return Problem.of("bad-host", "Bad request", 400, detail);
    }
}
