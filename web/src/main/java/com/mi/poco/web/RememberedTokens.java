package com.mi.poco.web;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.quarkus.security.AuthenticationFailedException;
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
import java.time.Duration;
import java.time.Instant;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * The bearer tokens known to verify (signature, issuer, audience, expiry), remembered until they
 * expire or for 15 minutes, whichever comes first, in a table bounded by
 * {@code security.remembered-tokens.max} with constant-time eviction. A token is its own key
 * ({@link Key}): the identity kept with it holds the raw token anyway, only a token whose signature
 * verified is ever stored (no one can fill the table with keys of their choosing), and a look-up is a
 * short hash and one comparison, where a SHA-256 of the 700-byte token had been the largest single
 * part of the gateway's CPU per forwarded read. The gateway and every service have one, each for the
 * tokens it verified itself:
 * <ul>
 * <li>authentication: the identity smallrye-jwt made of a token is kept with it, and a later request
 * with the same token is given that identity without parsing the token and checking its signature
 * again (this class is an {@link IdentityProvider} tried before smallrye-jwt's, answering nothing for
 * a token it does not know, and an augmentor that remembers what smallrye-jwt verified). Remembering
 * never lengthens a token's life: from its expiry the entry is not answered and smallrye-jwt decides;</li>
 * <li>the gateway's rate limiter counts every request without a token that verifies as anonymous
 * ({@link #verifies}); a token that does not verify is not remembered (counting it is what stops its
 * sender).</li>
 * </ul>
 * <p>A token that verifies but would stay valid for longer than {@code security.tokens.max-validity}
 * from now (24 hours; a minute more for clocks apart) is refused here, on both paths, before it is
 * remembered. smallrye-jwt checks a token's expiry but not how far away it is: a token an identity
 * provider minted for ten years, or one dated to be issued years ahead ({@code iat} is not checked
 * against the clock either), is accepted for as long as it says. The bound is on the expiry itself, so
 * neither way around it works.
 */
@ApplicationScoped
public class RememberedTokens implements IdentityProvider<TokenAuthenticationRequest>, SecurityIdentityAugmentor {

    private static final String BEARER = "bearer ";
    /** The attribute that marks an identity as one this table holds. */
    private static final String REMEMBERED = RememberedTokens.class.getName();
    /** How long a token is remembered at most, even if it is valid longer: then it is verified once again. */
    private static final Duration AT_MOST = Duration.ofMinutes(15);
    /** The clocks of the identity provider and of this process may be apart by this much (smallrye-jwt's own skew). */
    private static final Duration CLOCK_SKEW = Duration.ofMinutes(1);

    /**
     * A token as the table's key: compared whole (the record's equality), hashed by its last characters
     * only, its signature's, distinct in every token. A string's own hash reads all of its 700
     * characters on every look-up (it is cached per string, and each request's token is a new one).
     */
    private record Key(String token) {
        private static final int HASHED = 16;

        @Override
        public int hashCode() {
            int hash = 0;
            for (int i = Math.max(0, token.length() - HASHED); i < token.length(); i++) {
                hash = 31 * hash + token.charAt(i);
            }
            return hash;
        }
    }

    /** A token known to verify until {@code expiresAt}; {@code identity} once authentication made one. */
    private record Verified(Instant expiresAt, SecurityIdentity identity) {
    }

    private final JWTParser parser;
    private final Duration longestValidity;
    private final Cache<Key, Verified> verified;

    public RememberedTokens(JWTParser parser,
            @ConfigProperty(name = "security.remembered-tokens.max", defaultValue = "100000") int max,
            @ConfigProperty(name = "security.tokens.max-validity") Duration maxValidity) {
        this.parser = parser;
        this.longestValidity = maxValidity.plus(CLOCK_SKEW);
        this.verified = Caffeine.newBuilder()
                .maximumSize(max)
                // its upkeep (expiry, eviction) is a little work now and then on the asking thread rather
                // than a task handed to the common pool: a thread's wake-up per hand-off
                .executor(Runnable::run)
                // a fixed time since writing costs a look-up one clock read; an expiry per entry (the token's
                // own) had Caffeine reschedule the entry on every read, 6% of the gateway's CPU per
                // forwarded read. The token's own expiry is checked on each look-up instead (known).
                .expireAfterWrite(AT_MOST)
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
        if (known(token) != null) {
            return true;
        }
        try {
            Instant expiresAt = Instant.ofEpochSecond(parser.parse(token).getExpirationTime());
            if (validTooLong(expiresAt)) {
                return false;
            }
            verified.put(new Key(token), new Verified(expiresAt, null));
            return true;
        } catch (ParseException | RuntimeException notAToken) {
            return false;
        }
    }

    private boolean validTooLong(Instant expiresAt) {
        return expiresAt.isAfter(Instant.now().plus(longestValidity));
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
        Verified token = known(request.getToken().getToken());
        return Uni.createFrom().item(token == null ? null : token.identity()); // null: the next provider verifies it
    }

    /**
     * Remembers the identity smallrye-jwt has just made of a token, marked so that when it is given back
     * from the table ({@link #authenticate}) it is recognised here and not stored again; or fails the
     * authentication (a 401) if the token would stay valid for too long.
     */
    @Override
    public Uni<SecurityIdentity> augment(SecurityIdentity identity, AuthenticationRequestContext context) {
        if (identity.getAttribute(REMEMBERED) == null && identity.getPrincipal() instanceof JsonWebToken jwt
                && jwt.getRawToken() != null && jwt.getExpirationTime() > 0) {
            Instant expiresAt = Instant.ofEpochSecond(jwt.getExpirationTime());
            if (validTooLong(expiresAt)) {
                return Uni.createFrom().failure(new AuthenticationFailedException(
                        "the token is valid for longer than security.tokens.max-validity allows"));
            }
            SecurityIdentity remembered = QuarkusSecurityIdentity.builder(identity).addAttribute(REMEMBERED, Boolean.TRUE).build();
            verified.put(new Key(jwt.getRawToken()), new Verified(expiresAt, remembered));
            return Uni.createFrom().item(remembered);
        }
        return Uni.createFrom().item(identity);
    }

    /**
     * A look-up that records nothing: Caffeine's bookkeeping of a read (a slot in a striped buffer, for
     * its eviction policy) cost 4% of the gateway's CPU per forwarded read. The table, when full, then
     * evicts by what it learned from writes, and a token evicted while in use is verified once again.
     */
    private Verified known(String token) {
        Verified known = verified.policy().getIfPresentQuietly(new Key(token));
        return known != null && known.expiresAt().isAfter(Instant.now()) ? known : null;
    }
}
