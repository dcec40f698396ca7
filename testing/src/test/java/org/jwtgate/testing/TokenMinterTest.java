package org.jwtgate.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.keys.HmacKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TokenMinterTest {

    private static final PublicJsonWebKey RSA = TestKeys.rsa();
    private static final Instant NOW = Instant.parse("2030-01-01T00:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final TokenMinter MINTER = TokenMinter.signedWith(RSA).clock(CLOCK);

    @Test
    void defaultsTakeAlgAndKidFromKeyAndLastFiveMinutes() {
        String token = MINTER.sign();
        Map<String, Object> header = Jwt.header(token);
        assertEquals(Map.of("alg", "RS256", "kid", RSA.getKeyId()), header);
        Map<String, Object> claims = Jwt.payload(token);
        assertEquals(NOW.getEpochSecond(), claims.get("iat"));
        assertEquals(NOW.getEpochSecond() + 300, claims.get("exp"));
        assertFalse(claims.containsKey("nbf"));
    }

    @Test
    void signedTokenVerifiesWithJose4jAndCarriesClaims() throws Exception {
        String token = MINTER.issuer("https://idp.example").subject("alice").audience("api")
                .scope("read write").groups("admin", "dev")
                .claim("n", 42).claim("flag", true).claim("list", List.of("a", "b")).claim("obj", Map.of("k", "v"))
                .sign();
        JwtClaims claims = new JwtConsumerBuilder()
                .setVerificationKey(RSA.getPublicKey())
                .setExpectedIssuer("https://idp.example")
                .setExpectedAudience("api")
                .setRequireExpirationTime()
                .setEvaluationTime(NumericDate.fromSeconds(NOW.getEpochSecond() + 10))
                .build()
                .processToClaims(token);
        assertEquals("alice", claims.getSubject());
        assertEquals("read write", claims.getStringClaimValue("scope"));
        assertEquals(List.of("admin", "dev"), claims.getStringListClaimValue("groups"));
        assertEquals(42L, claims.getClaimValue("n"));
        assertEquals(true, claims.getClaimValue("flag"));
        assertEquals(List.of("a", "b"), claims.getClaimValue("list"));
        assertEquals(Map.of("k", "v"), claims.getClaimValue("obj"));
    }

    @Test
    void settersReturnNewMinterAndLeaveOriginalUnchanged() {
        TokenMinter withSubject = MINTER.subject("alice");
        assertFalse(Jwt.payload(MINTER.sign()).containsKey("sub"));
        assertEquals("alice", Jwt.payload(withSubject.sign()).get("sub"));
    }

    @Test
    void singleAudienceIsStringSeveralAreArray() {
        assertEquals("a", Jwt.payload(MINTER.audience("a").sign()).get("aud"));
        assertEquals(List.of("a", "b"), Jwt.payload(MINTER.audience("a", "b").sign()).get("aud"));
        assertFalse(Jwt.payload(MINTER.audience("a").audience().sign()).containsKey("aud"));
    }

    @Test
    void timesFollowTheConfiguredClock() {
        Map<String, Object> c = Jwt.payload(MINTER.expiresIn(Duration.ofSeconds(-30))
                .notBefore(NOW.plusSeconds(60)).sign());
        assertEquals(NOW.getEpochSecond() - 30, c.get("exp"));
        assertEquals(NOW.getEpochSecond() + 60, c.get("nbf"));
        Map<String, Object> fixed = Jwt.payload(MINTER.issuedAt(NOW.minusSeconds(5)).expiresAt(NOW.plusSeconds(7)).sign());
        assertEquals(NOW.getEpochSecond() - 5, fixed.get("iat"));
        assertEquals(NOW.getEpochSecond() + 7, fixed.get("exp"));
    }

    @Test
    void expiredTokenIsRejectedByJose4j() {
        String token = MINTER.expiresIn(Duration.ofMinutes(-10)).sign();
        assertThrows(InvalidJwtException.class, () -> new JwtConsumerBuilder()
                .setVerificationKey(RSA.getPublicKey())
                .setRequireExpirationTime()
                .setEvaluationTime(NumericDate.fromSeconds(NOW.getEpochSecond()))
                .build().processToClaims(token));
    }

    @Test
    void timeClaimsCanBeRemovedOrOverridden() {
        Map<String, Object> c = Jwt.payload(MINTER.withoutExpiry().removeClaim("iat").sign());
        assertFalse(c.containsKey("exp"));
        assertFalse(c.containsKey("iat"));
        assertEquals("soon", Jwt.payload(MINTER.claim("exp", "soon").sign()).get("exp"));
        assertTrue(Jwt.payload(MINTER.claim("x", null).sign()).containsKey("x"));
        assertFalse(Jwt.payload(MINTER.claim("x", 1).removeClaim("x").sign()).containsKey("x"));
    }

    @Test
    void headersCanBeSetReplacedAndRemoved() {
        Map<String, Object> h = Jwt.header(MINTER.type("at+jwt").kid("k1")
                .header("crit", List.of("exp")).header("jku", "https://evil.example/jwks").sign());
        assertEquals("at+jwt", h.get("typ"));
        assertEquals("k1", h.get("kid"));
        assertEquals(List.of("exp"), h.get("crit"));
        assertEquals("https://evil.example/jwks", h.get("jku"));
        Map<String, Object> bare = Jwt.header(MINTER.withoutKid().sign());
        assertEquals(Map.of("alg", "RS256"), bare);
    }

    @Test
    void compatibleAlgorithmOverrideSignsWithThatAlgorithm() throws Exception {
        String token = MINTER.algorithm("PS256").sign();
        assertEquals("PS256", Jwt.header(token).get("alg"));
        Jwt.verify(token, RSA.getPublicKey());
    }

    @Test
    void mismatchedAlgorithmHeaderStillProducesTokenThatFailsVerification() {
        String token = MINTER.algorithm("ES256").sign();
        assertEquals("ES256", Jwt.header(token).get("alg"));
        assertThrows(InvalidJwtException.class, () -> Jwt.verify(token, RSA.getPublicKey()));
        assertEquals("HS512", Jwt.header(MINTER.algorithm("HS512").sign()).get("alg"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"P-256", "P-384", "P-521", "Ed25519"})
    void ecAndEdDsaKeysSignVerifiableTokens(String type) throws Exception {
        PublicJsonWebKey key = type.startsWith("P-") ? TestKeys.ec(type) : TestKeys.ed25519();
        String token = TokenMinter.signedWith(key).subject("bob").sign();
        assertEquals(key.getAlgorithm(), Jwt.header(token).get("alg"));
        assertEquals("bob", Jwt.verify(token, key.getPublicKey()).getSubject());
    }

    @Test
    void unsignedTokenHasAlgNoneAndEmptySignature() {
        String token = MINTER.subject("alice").unsigned();
        assertTrue(token.endsWith("."));
        assertEquals("", Jwt.signatureSegment(token));
        assertEquals("none", Jwt.header(token).get("alg"));
        assertEquals("alice", Jwt.payload(token).get("sub"));
        assertThrows(InvalidJwtException.class, () -> Jwt.verify(token, RSA.getPublicKey()));
    }

    @Test
    void unsignedTokenIsAcceptedOnlyWhenNoneIsAllowed() throws Exception {
        String token = MINTER.subject("alice").unsigned();
        JwtClaims claims = new JwtConsumerBuilder()
                .setJwsAlgorithmConstraints(AlgorithmConstraints.ALLOW_ONLY_NONE)
                .setDisableRequireSignature()
                .setSkipAllValidators()
                .build().processToClaims(token);
        assertEquals("alice", claims.getSubject());
    }

    @Test
    void hmacTokenVerifiesWithTheSecret() throws Exception {
        byte[] secret = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
        String token = MINTER.subject("mallory").signedWithHmac(secret);
        assertEquals("HS256", Jwt.header(token).get("alg"));
        assertEquals(RSA.getKeyId(), Jwt.header(token).get("kid"));
        assertEquals("mallory", Jwt.verify(token, new HmacKey(secret)).getSubject());
    }

    @Test
    void hmacWithEmptySecretEqualsZeroKeyHmac() throws Exception {
        String token = MINTER.signedWithHmac(new byte[0]);
        String input = token.substring(0, token.lastIndexOf('.'));
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(new byte[64], "HmacSHA256"));
        String expected = Base64.getUrlEncoder().withoutPadding()
                .encodeToString(mac.doFinal(input.getBytes(StandardCharsets.US_ASCII)));
        assertEquals(expected, Jwt.signatureSegment(token));
    }

    @Test
    void tamperedPayloadKeepsSignatureButFailsVerification() throws Exception {
        String token = MINTER.subject("alice").claim("role", "user").sign();
        Jwt.verify(token, RSA.getPublicKey());
        String tampered = TokenMinter.tamperPayload(token, "sub", "admin");
        assertEquals("admin", Jwt.payload(tampered).get("sub"));
        assertEquals("user", Jwt.payload(tampered).get("role"));
        assertEquals(Jwt.signatureSegment(token), Jwt.signatureSegment(tampered));
        assertThrows(InvalidJwtException.class, () -> Jwt.verify(tampered, RSA.getPublicKey()));
        assertFalse(Jwt.payload(TokenMinter.tamperPayload(token, "role", null)).containsKey("role"));
    }

    @Test
    void flippedOrTruncatedSignatureFailsVerification() {
        String token = MINTER.sign();
        String flipped = TokenMinter.flipSignatureBit(token);
        String truncated = TokenMinter.truncateSignature(token);
        assertNotEquals(Jwt.signatureSegment(token), Jwt.signatureSegment(flipped));
        assertEquals(128, Base64.getUrlDecoder().decode(Jwt.signatureSegment(truncated)).length);
        assertThrows(InvalidJwtException.class, () -> Jwt.verify(flipped, RSA.getPublicKey()));
        assertThrows(InvalidJwtException.class, () -> Jwt.verify(truncated, RSA.getPublicKey()));
    }

    @Test
    void withHeaderReplacesHeaderVerbatim() {
        String token = MINTER.sign();
        String swapped = TokenMinter.withHeader(token, "{\"alg\":\"RS256\",\"kid\":\"other\"}");
        assertEquals("other", Jwt.header(swapped).get("kid"));
        assertEquals(token.substring(token.indexOf('.')), swapped.substring(swapped.indexOf('.')));
        assertThrows(IllegalArgumentException.class, () -> TokenMinter.withHeader("a.b", "{}"));
    }

    @Test
    void publicOnlyKeyCannotSign() throws Exception {
        PublicJsonWebKey publicOnly = PublicJsonWebKey.Factory.newPublicJwk(RSA.getPublicKey());
        assertThrows(IllegalStateException.class, () -> TokenMinter.signedWith(publicOnly).sign());
        assertNull(Jwt.header(TokenMinter.signedWith(publicOnly).unsigned()).get("kid"));
    }
}
