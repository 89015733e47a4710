package com.mi.poco.gateway.http;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.mi.poco.gateway.config.GatewayConfig;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;

/**
 * Which bearer tokens are known to verify (signature, issuer, audience, expiry, as the services check
 * them), so that the rate limiter can count every request without one as anonymous: no header, a
 * forged, expired or foreign token alike. A token is verified here once and then remembered by its
 * SHA-256 until it expires, in a table bounded by {@code gateway.verified-tokens.max} with
 * constant-time eviction; a token that does not verify is not remembered (counting it is what stops
 * its sender). The gateway's authentication and each service still verify every request themselves.
 */
@ApplicationScoped
public class VerifiedTokens {

    private static final String BEARER = "bearer ";

    private final JWTParser parser;
    private final Cache<String, Instant> verified;

    public VerifiedTokens(JWTParser parser, GatewayConfig config) {
        this.parser = parser;
        this.verified = Caffeine.newBuilder()
                .maximumSize(config.verifiedTokensMax())
                .expireAfter(Expiry.creating((String hash, Instant expiry) ->
                        Duration.between(Instant.now(), expiry).isNegative() ? Duration.ZERO : Duration.between(Instant.now(), expiry)))
                .build();
    }

    /** Whether an {@code Authorization} header carries a bearer token that verifies now. */
    public boolean verifies(String authorization) {
        if (authorization == null || authorization.length() <= BEARER.length()
                || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return false;
        }
        String token = authorization.substring(BEARER.length()).trim();
        String hash = sha256(token);
        Instant expiry = verified.getIfPresent(hash);
        if (expiry != null) {
            return expiry.isAfter(Instant.now());
        }
        try {
            Instant expires = Instant.ofEpochSecond(parser.parse(token).getExpirationTime());
            verified.put(hash, expires);
            return true;
        } catch (ParseException | RuntimeException notAToken) {
            return false;
        }
    }

    private static String sha256(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
