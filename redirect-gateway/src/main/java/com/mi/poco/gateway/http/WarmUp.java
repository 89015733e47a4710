package com.mi.poco.gateway.http;

import com.mi.poco.gateway.config.GatewayConfig;
import io.quarkus.runtime.LaunchMode;
import io.quarkus.vertx.http.HttpServerStart;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.ObservesAsync;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.jboss.logging.Logger;

/**
 * Readiness waits until the gateway has forwarded {@code gateway.warm-up.requests} API requests to
 * itself: a JVM's first seconds run interpreted code (the first 10 s after a start answered 983
 * authenticated reads/s at p99 181 ms, against 4,000+ warm), and a rolling deploy should not send
 * customers to an instance in that state. The requests take the paths a customer's take:
 * <ul>
 * <li>every other round of them carries a bearer token signed with a key made for the warm-up: it is
 * checked in full, never verifies (it opens nothing) and is answered 401 by the gateway;</li>
 * <li>the others, without a token, are forwarded: the limiter, the upstream pool, the relay of the
 * service's answer (a 401 of its own), the join of the personal-data export (its three reads), and an
 * anonymous catalog page (a 200 with a body, as a customer's reads are answered);</li>
 * <li>what a customer's token costs the first time, its verification through to its claims, is warmed
 * beside them: with every fourth request, a token shaped as the identity provider's (its issuer and
 * audience) but signed by the warm-up's key is verified by the same parser against that key, given
 * explicitly. The check of requests never trusts that key.</li>
 * </ul>
 * The limiter counts the warm-up's requests in no limit while it runs: they come from a loopback
 * address of their own (127.0.0.2), which it forgets afterwards. (It used to count them as any
 * anonymous client's, and answered all but the first 120 with 429: the forwarding path went cold
 * into readiness, and the first 5 s of real reads after it had the JIT compile 5-6 s of CPU.) No
 * redirect is counted. After {@code gateway.warm-up.timeout} readiness goes UP however far it got (a
 * service that is down answers quick 503s, which warm the same code).
 * <p>
 * A count of requests alone ended the warm-up with the JIT behind: in the first 5 s of real reads
 * after readiness it still compiled 4-6 s of CPU (JFR), nearly all of it C2's optimized code for
 * methods the warm-up had run (its queue, hardly new paths: 17-24 deoptimizations in those 5 s), and
 * 2-4 s in the next 5. So once the count is reached, the requests go on until the JIT compiled for
 * at most {@code gateway.warm-up.compiling-at-most} in the last second (then 3-4 s and 0.2-0.3 s).
 * It did not make the first 5 s faster (0.6-0.7 of warm before and after): a new instance also verifies
 * each customer's token once in full (its table of verified tokens starts empty), and C2 compiles
 * again what real reads do differently from the warm-up's (deoptimizations on a class check in the
 * token parser and in Vert.x's headers).
 */
@Readiness
@ApplicationScoped
public class WarmUp implements HealthCheck {

    private static final Logger LOG = Logger.getLogger(WarmUp.class);
    private static final String LOOPBACK = "127.0.0.1";
    /** Where the warm-up's requests come from: an address of the loopback network no client has. */
    private static final String WARM_UP_ADDRESS = "127.0.0.2";
    /** The personal-data export: the gateway's own join of three reads. */
    private static final String JOINED_EXPORT = "/api/accounts/mi/warm-up/poco-data";
    /** An anonymous read answered 200 with a body (catalog-service's, where there is one). */
    private static final String CATALOG_PAGE = "/api/catalog/products?size=1";
    /** How many tokens of the warm-up's own key are verified in turn (each a few ms to sign). */
    private static final int OWN_TOKENS = 16;

    private final GatewayConfig config;
    private final RateLimits limits;
    private final Vertx vertx;
    private final JWTParser parser;
    private final String issuer;
    private final String audience;
    private final AtomicBoolean begun = new AtomicBoolean();
    private final AtomicInteger sent = new AtomicInteger();
    private final AtomicInteger answered = new AtomicInteger();
    private final AtomicInteger tokensVerified = new AtomicInteger();
    /** Answered 429 by the limiter: none, unless another process took the warm-up's address. */
    private final AtomicInteger limited = new AtomicInteger();
    /** The warm-up's connections still asking: the last one to stop closes the client. */
    private final AtomicInteger asking = new AtomicInteger();
    private volatile boolean done;
    /** The JIT's compilation time in the last second, in ms: -1 before a second has passed. */
    private final AtomicLong compilingLastSecond = new AtomicLong(-1);
    private volatile long sampler = -1;

    public WarmUp(GatewayConfig config, RateLimits limits, Vertx vertx, JWTParser parser,
            @ConfigProperty(name = "mp.jwt.verify.issuer") Optional<String> issuer,
            @ConfigProperty(name = "mp.jwt.verify.audiences") Optional<List<String>> audiences) {
        this.config = config;
        this.limits = limits;
        this.vertx = vertx;
        this.parser = parser;
        // what the parser checks, where it checks it (neither is required of a token otherwise)
        this.issuer = issuer.orElse("warm-up");
        this.audience = audiences.map(list -> list.get(0)).orElse("warm-up");
        this.done = config.warmUp().requests() == 0;
    }

    void start(@ObservesAsync HttpServerStart server) {
        if (done || !begun.compareAndSet(false, true)) {
            return;
        }
        int port = port(server);
        HttpClient client = vertx.createHttpClient(new HttpClientOptions()
                .setDefaultHost(LOOPBACK).setDefaultPort(port).setLocalAddress(WARM_UP_ADDRESS).setKeepAlive(true)
                .setMaxPoolSize(config.warmUp().connections()));
        KeyPair key = rsaKeyPair();
        long now = System.currentTimeMillis() / 1000;
        String authorization = "Bearer " + signed(claims("warm-up", "warm-up", now), key.getPrivate());
        OwnTokens own = new OwnTokens(IntStream.range(0, OWN_TOKENS)
                .mapToObj(i -> signed(claims(issuer, audience, now), key.getPrivate())).toList(), key);
        List<String> paths = Stream.concat(config.services().keySet().stream().sorted().map(prefix -> "/api/" + prefix + "/warm-up"),
                Stream.of(JOINED_EXPORT, CATALOG_PAGE)).toList();
        long started = System.nanoTime();
        limits.warmingUp(WARM_UP_ADDRESS);
        vertx.setTimer(config.warmUp().timeout().toMillis(), timeout -> finish(started));
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        if (jit != null && jit.isCompilationTimeMonitoringSupported()) {
            AtomicLong compiled = new AtomicLong(jit.getTotalCompilationTime());
            sampler = vertx.setPeriodic(1_000, tick -> {
                long total = jit.getTotalCompilationTime();
                compilingLastSecond.set(total - compiled.getAndSet(total));
            });
        } else {
            compilingLastSecond.set(0); // nothing to wait for that can be seen
        }
        asking.set(config.warmUp().connections());
        for (int connection = 0; connection < config.warmUp().connections(); connection++) {
            next(client, paths, authorization, own, started);
        }
    }

    /**
     * The port the gateway listens on. A random one (tests) is in the configuration once bound, not in the
     * server's options (-1) nor in system properties: the warm-up had been sent to port 8080, to whatever
     * listened there, and a test ran it against nothing.
     */
    private static int port(HttpServerStart server) {
        if (server.options().getPort() > 0) {
            return server.options().getPort();
        }
        String bound = LaunchMode.current() == LaunchMode.TEST ? "quarkus.http.test-port" : "quarkus.http.port";
        return ConfigProvider.getConfig().getValue(bound, Integer.class);
    }

    /** Tokens that verify against the warm-up's own key, and that key. */
    private record OwnTokens(List<String> tokens, KeyPair key) {
    }

    /**
     * One request after another on a connection, until the warm-up is done: the paths in turn, each
     * round of them with the forged token or without, so that every path is asked both ways. The client
     * is closed once the last connection's request is answered: closed with requests in flight, it cut
     * the gateway's forwarding of them short, and the reset of an upstream connection still being opened
     * was a warning with a stack trace in the log of each start.
     */
    private void next(HttpClient client, List<String> paths, String authorization, OwnTokens own, long started) {
        if (done) {
            if (asking.decrementAndGet() == 0) {
                client.close();
            }
            return;
        }
        int sequence = sent.getAndIncrement();
        if (sequence % 4 == 0) {
            verify(own, sequence / 4);
        }
        RequestOptions request = new RequestOptions().setMethod(HttpMethod.GET)
                .setURI(paths.get(sequence % paths.size()))
                .setTimeout(Duration.ofSeconds(5).toMillis());
        if (sequence / paths.size() % 2 == 0) {
            request.putHeader("Authorization", authorization); // checked in full, and answered 401 here
        }
        client.request(request)
                .compose(HttpClientRequest::send)
                .compose(response -> {
                    if (response.statusCode() == 429) {
                        limited.incrementAndGet();
                    }
                    return response.body();
                })
                .map(body -> (Void) null)
                .recover(failure -> Future.succeededFuture())
                .onComplete(ignored -> {
                    if (answered.incrementAndGet() >= config.warmUp().requests() && jitSettled()) {
                        finish(started);
                    }
                    next(client, paths, authorization, own, started);
                });
    }

    private synchronized void finish(long started) {
        if (done) {
            return;
        }
        done = true;
        vertx.cancelTimer(sampler);
        limits.warmedUp();
        LOG.infof("Warmed up: %d API requests and %d token verifications in %d ms (the JIT compiled %d ms in the last second)",
                answered.get(), tokensVerified.get(), (System.nanoTime() - started) / 1_000_000, compilingLastSecond.get());
    }

    /** Whether the JIT compiled for at most {@code gateway.warm-up.compiling-at-most} in the last second. */
    private boolean jitSettled() {
        long limit = config.warmUp().compilingAtMost().toMillis();
        long compiling = compilingLastSecond.get();
        return limit >= 1_000 || compiling >= 0 && compiling <= limit;
    }

    /** One of the warm-up's own tokens verified against its key, by the parser that checks requests' tokens against theirs. */
    private void verify(OwnTokens own, int turn) {
        try {
            parser.verify(own.tokens().get(turn % own.tokens().size()), own.key().getPublic());
            tokensVerified.incrementAndGet();
        } catch (ParseException unexpected) {
            LOG.debugf("A warm-up token did not verify against its own key: %s", unexpected.getMessage());
        }
    }

    /** A customer's claims as the identity provider writes them, for {@code issuer} and {@code audience}, valid for 5 minutes. */
    private static String claims(String issuer, String audience, long now) {
        return ("{\"iss\":\"%s\",\"sub\":\"warm-up\",\"aud\":\"%s\",\"groups\":[\"customer\"],\"iat\":%d,\"exp\":%d,"
                + "\"jti\":\"%s\"}").formatted(issuer, audience, now, now + 300, UUID.randomUUID());
    }

    /**
     * A well-formed RS256 token of {@code claims} signed by {@code key}, which nobody trusts: sent to the
     * gateway, it is checked in full and never verifies.
     */
    private static String signed(String claims, PrivateKey key) {
        Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
        String content = base64.encodeToString("{\"alg\":\"RS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8))
                + "." + base64.encodeToString(claims.getBytes(StandardCharsets.UTF_8));
        try {
            Signature signature = Signature.getInstance("SHA256withRSA");
            signature.initSign(key);
            signature.update(content.getBytes(StandardCharsets.US_ASCII));
            return content + "." + base64.encodeToString(signature.sign());
        } catch (GeneralSecurityException unavailable) {
            throw new IllegalStateException("RSA is part of every JDK", unavailable);
        }
    }

    private static KeyPair rsaKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException unavailable) {
            throw new IllegalStateException("RSA is part of every JDK", unavailable);
        }
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("warm-up")
                .status(done)
                .withData("requests", answered.get())
                .withData("of", config.warmUp().requests())
                .withData("tokensVerified", tokensVerified.get())
                .withData("limited", limited.get())
                .withData("compilingLastSecondMs", compilingLastSecond.get())
                .build();
    }
}
