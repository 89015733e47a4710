package com.mi.poco.web;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.SecurityIdentityAugmentor;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * The bearer tokens known to verify (signature, issuer, audience, expiry), remembered by their SHA-256
 * until they expire, in a table bounded by {@code security.remembered-tokens.max} with constant-time
 * eviction. The gateway and every service have one, each for the tokens it verified itself:
 * <ul>
 * <li>authentication: the identity smallrye-jwt made of a token is kept with it, and a later request
 * with the same token is given that identity without parsing the token and checking its signature
 * again (this class is an {@link IdentityProvider} tried before smallrye-jwt's, answering nothing for
 * a token it does not know, and an augmentor that remembers what smallrye-jwt verified). Remembering
 * never lengthens a token's life: at its expiry the entry is gone and smallrye-jwt decides again;</li>
 * <li>the gateway's rate limiter counts every request without a token that verifies as anonymous
 * ({@link #verifies}); a token that does not verify is not remembered (counting it is what stops its
 * sender).</li>
 * </ul>
 */
@ApplicationScoped
public class RememberedTokens implements IdentityProvider<TokenAuthenticationRequest>, SecurityIdentityAugmentor {

    private static final String BEARER = "bearer ";
    /** The attribute that marks an identity as one this table holds. */
    private static final String REMEMBERED = RememberedTokens.class.getName();

    /** A token known to verify until {@code expiresAt}; {@code identity} once authentication made one. */
    private record Verified(Instant expiresAt, SecurityIdentity identity) {
    }

    /** A digest per thread: looking one up among the security providers cost as much as the hashing. */
    private static final ThreadLocal<MessageDigest> SHA_256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    });

    private final JWTParser parser;
    private final Cache<String, Verified> verified;

    public RememberedTokens(JWTParser parser,
            @ConfigProperty(name = "security.remembered-tokens.max", defaultValue = "100000") int max) {
        this.parser = parser;
        this.verified = Caffeine.newBuilder()
                .maximumSize(max)
                // its upkeep (expiry, eviction) is a little work now and then on the asking thread rather
                // than a task handed to the common pool: a thread's wake-up per hand-off
                .executor(Runnable::run)
                .expireAfter(Expiry.writing((String hash, Verified token) -> until(token.expiresAt())))
                .build();
    }

    /** Whether an {@code Authorization} header names the bearer scheme (any case), whatever follows. */
    public static boolean isBearer(String authorization) {
        return authorization != null && authorization.regionMatches(true, 0, BEARER, 0, BEARER.length());
    }

    /** Whether an {@code Authorization} header carries a bearer token that verifies now. */
    public boolean verifies(String authorization) {
        if (!isBearer(authorization) || authorization.length() <= BEARER.length()) {
            return false;
        }
        String token = authorization.substring(BEARER.length()).trim();
        String hash = sha256(token);
        if (known(hash) != null) {
            return true;
        }
        try {
            verified.put(hash, new Verified(Instant.ofEpochSecond(parser.parse(token).getExpirationTime()), null));
            return true;
        } catch (ParseException | RuntimeException notAToken) {
            return false;
        }
    }

    @Override
    public Class<TokenAuthenticationRequest> getRequestType() {
        return TokenAuthenticationRequest.class;
    }

    /**
     * Before smallrye-jwt's validator, which verifies from scratch. That validator keeps the default
     * priority, and the default is {@code SYSTEM_FIRST + 1} (1001), so one more than the default, not
     * {@code SYSTEM_FIRST + 1} again: at equal priorities the validator may come first and this table
     * is never asked (it was so, unseen, until the reads were profiled: every request was verified
     * again, and every identity stored again, which filled the old generation and lengthened the
     * collector's pauses).
     */
    @Override
    public int priority() {
        return IdentityProvider.super.priority() + 1;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(TokenAuthenticationRequest request, AuthenticationRequestContext context) {
        Verified token = known(sha256(request.getToken().getToken()));
        return Uni.createFrom().item(token == null ? null : token.identity()); // null: the next provider verifies it
    }

    /**
     * Remembers the identity smallrye-jwt has just made of a token, marked so that when it is given back
     * from the table ({@link #authenticate}) it is recognised here and not hashed and stored again.
     */
    @Override
    public Uni<SecurityIdentity> augment(SecurityIdentity identity, AuthenticationRequestContext context) {
        if (identity.getAttribute(REMEMBERED) == null && identity.getPrincipal() instanceof JsonWebToken jwt
                && jwt.getRawToken() != null && jwt.getExpirationTime() > 0) {
            SecurityIdentity remembered = QuarkusSecurityIdentity.builder(identity).addAttribute(REMEMBERED, Boolean.TRUE).build();
            verified.put(sha256(jwt.getRawToken()), new Verified(Instant.ofEpochSecond(jwt.getExpirationTime()), remembered));
            return Uni.createFrom().item(remembered);
        }
        return Uni.createFrom().item(identity);
    }

    private Verified known(String hash) {
        Verified token = verified.getIfPresent(hash);
        return token != null && token.expiresAt().isAfter(Instant.now()) ? token : null;
    }

    private static Duration until(Instant expiresAt) {
        Duration left = Duration.between(Instant.now(), expiresAt);
        return left.isNegative() ? Duration.ZERO : left;
    }

    private static String sha256(String token) {
        return HexFormat.of().formatHex(SHA_256.get().digest(token.getBytes(StandardCharsets.US_ASCII)));
    }
}
