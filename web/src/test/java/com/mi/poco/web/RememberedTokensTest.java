package com.mi.poco.web;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.credential.TokenCredential;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.jwt.auth.principal.DefaultJWTCallerPrincipal;
import java.time.Duration;
import java.time.Instant;
import org.jose4j.jwt.JwtClaims;
import org.junit.jupiter.api.Test;

/**
 * The table of verified tokens gives an identity back only for the token it was made of, and only
 * until that token expires: after that, the request goes to smallrye-jwt's validator again (which
 * refuses it, within its own clock skew), so remembering never extends a token's life; and a token
 * valid for longer than the bound from now is refused, not remembered.
 */
class RememberedTokensTest {

    private final RememberedTokens tokens = new RememberedTokens(null, 100, Duration.ofHours(24));

    @Test
    void anIdentityIsGivenBackForItsOwnTokenUntilItExpires() {
        SecurityIdentity identity = identity("header.payload.signature", Instant.now().plusSeconds(2));
        SecurityIdentity remembered = tokens.augment(identity, null).await().indefinitely();

        assertSame(identity.getPrincipal(), remembered.getPrincipal());
        assertSame(remembered, authenticate("header.payload.signature"));
        assertSame(remembered, tokens.augment(remembered, null).await().indefinitely()); // given back: not stored again
        assertNull(authenticate("header.payload.other-signature"));
        await().atMost(Duration.ofSeconds(10)).until(() -> authenticate("header.payload.signature") == null);
    }

    @Test
    void aTokenWithTheSameSignatureButAnotherPayloadIsNotTheRememberedOne() {
        // the table hashes a token by its signature's last characters: a forged payload under a copied
        // signature lands beside the real token, and is still told apart from it
        String signature = "c2lnbmF0dXJlLW9mLXRoZS1yZWFsLXRva2Vu";
        SecurityIdentity remembered = tokens.augment(identity("header.cGF5bG9hZA." + signature,
                Instant.now().plusSeconds(60)), null).await().indefinitely();

        assertSame(remembered, authenticate("header.cGF5bG9hZA." + signature));
        assertNull(authenticate("header.Zm9yZ2Vk." + signature));
        assertNull(authenticate(signature));
    }

    @Test
    void anExpiredTokenIsNotRemembered() {
        tokens.augment(identity("expired.token.sig", Instant.now().minusSeconds(5)), null).await().indefinitely();

        assertNull(authenticate("expired.token.sig"));
    }

    @Test
    void aTokenValidForLongerThanAllowedFailsAuthenticationAndIsNotRemembered() {
        Instant tooFar = Instant.now().plus(Duration.ofHours(24)).plus(Duration.ofMinutes(2));
        var refused = tokens.augment(identity("long.lived.token", tooFar), null);

        assertThrows(AuthenticationFailedException.class, () -> refused.await().indefinitely());
        assertNull(authenticate("long.lived.token"));
        // within the bound (and the minute allowed for clocks apart) it is remembered as any other
        SecurityIdentity remembered = tokens.augment(identity("day.long.token",
                Instant.now().plus(Duration.ofHours(24)).plusSeconds(30)), null).await().indefinitely();
        assertSame(remembered, authenticate("day.long.token"));
    }

    private SecurityIdentity authenticate(String token) {
        return tokens.authenticate(new TokenAuthenticationRequest(new TokenCredential(token, "bearer")), null)
                .await().indefinitely();
    }

    private static SecurityIdentity identity(String raw, Instant expires) {
        JwtClaims claims = new JwtClaims();
        claims.setSubject("ops-1");
        claims.setExpirationTime(org.jose4j.jwt.NumericDate.fromSeconds(expires.getEpochSecond()));
        claims.setClaim("raw_token", raw);
        return QuarkusSecurityIdentity.builder().setPrincipal(new DefaultJWTCallerPrincipal(raw, "JWT", claims))
                .addRole("ops").build();
    }
}
