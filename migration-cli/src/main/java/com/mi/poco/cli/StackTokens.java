package com.mi.poco.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The local stack's stand-in for an identity provider ({@code bin/stack token}): an RSA key pair in
 * PEM files, and RS256 bearer tokens signed with it, valid 12 hours. JDK only, so a fresh machine
 * needs nothing else.
 * <pre>
 *   StackTokens keys DIR                          make DIR/private.pem and DIR/public.pem unless there
 *   StackTokens token DIR ISSUER ops              a token for ops
 *   StackTokens token DIR ISSUER customer MI_ID   a token for the holder of a Mi account
 *   StackTokens tokens DIR ISSUER customers       for each Mi account id read from standard input,
 *                                                 a line "MI_ID TOKEN" (benchmarks: many holders)
 * </pre>
 */
public final class StackTokens {

    private static final long VALID_SECONDS = 12 * 3600;

    private StackTokens() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 2 && args[0].equals("keys")) {
            keys(Path.of(args[1]));
        } else if (args.length >= 4 && args[0].equals("token")) {
            String role = args[3];
            String subject = switch (role) {
                case "ops" -> "ops-cli";
                case "customer" -> args.length == 5 && args[4].matches("[A-Za-z0-9._-]{1,64}") ? args[4] : null;
                default -> null;
            };
            if (subject == null) {
                System.err.println("usage: bin/stack token ops | bin/stack token customer <miAccountId>");
                System.exit(2);
            }
            keys(Path.of(args[1]));
            System.out.println(token(Path.of(args[1]), args[2], role, subject));
        } else if (args.length == 4 && args[0].equals("tokens") && args[3].equals("customers")) {
            keys(Path.of(args[1]));
            BufferedReader ids = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            PrintWriter out = new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8));
            for (String id = ids.readLine(); id != null; id = ids.readLine()) {
                if (id.matches("[A-Za-z0-9._-]{1,64}")) {
                    out.println(id + " " + token(Path.of(args[1]), args[2], "customer", id));
                }
            }
            out.flush();
        } else {
            System.err.println("usage: StackTokens keys DIR | token DIR ISSUER ops | token DIR ISSUER customer MI_ID"
                    + " | tokens DIR ISSUER customers < MI_IDS");
            System.exit(2);
        }
    }

    static void keys(Path dir) throws IOException, GeneralSecurityException {
        if (Files.exists(dir.resolve("private.pem"))) {
            return;
        }
        Files.createDirectories(dir);
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair pair = generator.generateKeyPair();
        Path secret = dir.resolve("private.pem");
        Files.writeString(secret, pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
        Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-------"));
        Files.writeString(dir.resolve("public.pem"), pem("PUBLIC KEY", pair.getPublic().getEncoded()));
        System.err.println("stack: made the token key pair under " + dir);
    }

    static String token(Path dir, String issuer, String role, String subject) throws IOException, GeneralSecurityException {
        String pem = Files.readString(dir.resolve("private.pem")).replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        PrivateKey key = KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getMimeDecoder().decode(pem)));
        long now = Instant.now().getEpochSecond();
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", issuer);
        claims.put("sub", subject);
        claims.put("aud", audience());
        claims.put("groups", List.of(role));
        claims.put("iat", now);
        claims.put("exp", now + VALID_SECONDS);
        claims.put("jti", UUID.randomUUID().toString());
        ObjectMapper json = new ObjectMapper();
        Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
        String input = base64.encodeToString(json.writeValueAsBytes(Map.of("alg", "RS256", "typ", "JWT"))) + "."
                + base64.encodeToString(json.writeValueAsBytes(claims));
        Signature rsa = Signature.getInstance("SHA256withRSA");
        rsa.initSign(key);
        rsa.update(input.getBytes(StandardCharsets.US_ASCII));
        return input + "." + base64.encodeToString(rsa.sign());
    }

    /** The audience the services check ({@code POCO_JWT_AUDIENCE}, as they read it). */
    private static String audience() {
        String audience = System.getenv("POCO_JWT_AUDIENCE");
        return audience == null || audience.isBlank() ? "poco-migration" : audience;
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(der) + "\n-----END " + type + "-----\n";
    }
}
