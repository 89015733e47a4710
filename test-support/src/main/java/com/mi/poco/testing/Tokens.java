package com.mi.poco.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Bearer tokens for tests, signed with the test key pair under {@code test-keys/} (the services'
 * {@code %test} profile trusts its public half), and the broken ones an attacker would try: expired,
 * signed by another key, {@code alg: none}, from another issuer. Written out by hand, not with a JWT
 * library, so that the broken ones can be exactly as broken as intended.
 */
public final class Tokens {

    public static final String ISSUER = "https://id.poco-migration.local";
    public static final String AUDIENCE = "poco-migration";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final PrivateKey KEY = privateKey("test-keys/private.pem");
    private static final PrivateKey STRANGER = privateKey("test-keys/stranger-private.pem");

    private Tokens() {
    }

    public static String ops() {
        return signed(claims("ops-1", List.of("ops"), ISSUER, Duration.ofHours(1)), KEY);
    }

    public static String customer(String miAccountId) {
        return signed(claims(miAccountId, List.of("customer"), ISSUER, Duration.ofHours(1)), KEY);
    }

    /** A well-signed token with a role the platform does not know. */
    public static String guest() {
        return signed(claims("guest-1", List.of("guest"), ISSUER, Duration.ofHours(1)), KEY);
    }

    public static String expiredOps() {
        return signed(claims("ops-1", List.of("ops"), ISSUER, Duration.ofHours(-2)), KEY);
    }

    /** A well-signed ops token that stays valid for ten years (beyond {@code security.tokens.max-validity}). */
    public static String opsValidForTenYears() {
        return signed(claims("ops-1", List.of("ops"), ISSUER, Duration.ofDays(3650)), KEY);
    }

    /** A well-signed ops token valid for an hour from an {@code iat} ten years ahead: a way around a bound on exp − iat. */
    public static String opsIssuedTenYearsAhead() {
        Map<String, Object> claims = claims("ops-1", List.of("ops"), ISSUER, Duration.ofDays(3650));
        claims.put("iat", Instant.now().plus(Duration.ofDays(3650)).minus(Duration.ofHours(1)).getEpochSecond());
        return signed(claims, KEY);
    }

    public static String opsSignedByAnotherKey() {
        return signed(claims("ops-1", List.of("ops"), ISSUER, Duration.ofHours(1)), STRANGER);
    }

    public static String opsFromAnotherIssuer() {
        return signed(claims("ops-1", List.of("ops"), "https://evil.example", Duration.ofHours(1)), KEY);
    }

    /** A well-signed ops token minted for another application of the same identity provider. */
    public static String opsForAnotherAudience() {
        Map<String, Object> claims = claims("ops-1", List.of("ops"), ISSUER, Duration.ofHours(1));
        claims.put("aud", "mi-shop-admin");
        return signed(claims, KEY);
    }

    /** An unsigned token ({@code alg: none}) claiming ops. */
    public static String opsUnsigned() {
        return base64(json(Map.of("alg", "none", "typ", "JWT"))) + "."
                + base64(json(claims("ops-1", List.of("ops"), ISSUER, Duration.ofHours(1)))) + ".";
    }

    /** {@code Authorization} header value. */
    public static String bearer(String token) {
        return "Bearer " + token;
    }

    /** The test public key as a file, for services started as processes (POCO_JWT_PUBLIC_KEY). */
    public static Path publicKeyFile() {
        try (InputStream in = resource("test-keys/public.pem")) {
            Path file = Files.createTempFile("poco-test-public", ".pem");
            Files.write(file, in.readAllBytes());
            file.toFile().deleteOnExit();
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, Object> claims(String subject, List<String> groups, String issuer, Duration valid) {
        Instant now = Instant.now();
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", issuer);
        claims.put("sub", subject);
        claims.put("aud", AUDIENCE);
        claims.put("groups", groups);
        claims.put("iat", now.minus(Duration.ofHours(3)).getEpochSecond());
        claims.put("exp", now.plus(valid).getEpochSecond());
        claims.put("jti", java.util.UUID.randomUUID().toString());
        return claims;
    }

    private static String signed(Map<String, Object> claims, PrivateKey key) {
        String input = base64(json(Map.of("alg", "RS256", "typ", "JWT"))) + "." + base64(json(claims));
        try {
            Signature rsa = Signature.getInstance("SHA256withRSA");
            rsa.initSign(key);
            rsa.update(input.getBytes(StandardCharsets.US_ASCII));
            return input + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(rsa.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] json(Object value) {
        try {
            return JSON.writeValueAsBytes(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String base64(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static PrivateKey privateKey(String resource) {
        try (InputStream in = resource(resource)) {
            String pem = new String(in.readAllBytes(), StandardCharsets.US_ASCII)
                    .replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
            return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(pem)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static InputStream resource(String name) {
        InputStream in = Tokens.class.getClassLoader().getResourceAsStream(name);
        if (in == null) {
            throw new IllegalStateException("no " + name + " on the class path");
        }
        return in;
    }
}
