package org.jwtgate.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jwk.JsonWebKey.OutputControlLevel;
import org.jwtgate.GateFixture;
import org.jwtgate.JwtPrincipal;
import org.jwtgate.LogCapture;
import org.jwtgate.Outcome;
import org.jwtgate.error.Reason;
import org.jwtgate.testing.LocalIssuer;
import org.jwtgate.testing.TestKeys;
import org.jwtgate.testing.TokenMinter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class TokenValidationTest {
    private static GateFixture f;

    @BeforeAll
    static void start() {
        f = GateFixture.start();
    }

    @AfterAll
    static void stop() {
        f.close();
    }

    private static JwtPrincipal accepted(String token) {
        Outcome o = f.validate(token);
        return assertInstanceOf(Outcome.Authenticated.class, o, () -> "expected acceptance, got " + o).principal();
    }

    private static void rejected(Reason reason, String token) {
        assertEquals(Outcome.rejected(reason), f.validate(token));
    }

    @Test
    void acceptsAValidTokenAndExposesPrincipalRolesScopesAndClaims() {
        String token = f.minter().groups("admin", "staff").scope("orders:read orders:write").claim("tenant", "acme").sign();
        JwtPrincipal p = accepted(token);
        assertEquals("alice", p.getName());
        assertEquals(f.issuer.issuer(), p.issuer());
        assertEquals(Set.of("admin", "staff"), p.roles());
        assertEquals(Set.of("orders:read", "orders:write"), p.scopes());
        assertEquals("acme", p.stringClaim("tenant").orElseThrow());
        assertEquals(token, p.token().orElseThrow());
        assertFalse(p.toString().contains(token));
        assertEquals("JwtPrincipal[name=alice]", p.toString());
    }

    @Test
    void acceptsAnAudienceArrayContainingTheAudience() {
        accepted(f.minter().audience("other", GateFixture.AUDIENCE).sign());
    }

    @Test
    void refusesWrongMissingOrLookalikeAudiences() {
        rejected(Reason.WRONG_AUDIENCE, f.minter().audience("other").sign());
        rejected(Reason.WRONG_AUDIENCE, f.minter().audience().sign());
        rejected(Reason.WRONG_AUDIENCE, f.minter().audience(GateFixture.AUDIENCE + "x").sign());
        rejected(Reason.WRONG_AUDIENCE, f.minter().audience("orders").sign());
        rejected(Reason.WRONG_AUDIENCE, f.minter().audience(" " + GateFixture.AUDIENCE).sign());
    }

    @Test
    void refusesIssuersThatAreNotConfiguredExactly() {
        rejected(Reason.UNTRUSTED_ISSUER, f.minter().issuer("https://evil.example").sign());
        rejected(Reason.UNTRUSTED_ISSUER, f.minter().issuer(f.issuer.issuer() + "/").sign());
        rejected(Reason.UNTRUSTED_ISSUER, f.minter().removeClaim("iss").sign());
        rejected(Reason.MALFORMED_CLAIM, f.minter().claim("iss", 42).sign());
    }

    @Test
    void expiryHonoursTheClockSkew() {
        Instant now = f.clock.instant();
        accepted(f.minter().expiresAt(now.minusSeconds(59)).issuedAt(now.minusSeconds(300)).sign());
        rejected(Reason.EXPIRED, f.minter().expiresAt(now.minusSeconds(60)).issuedAt(now.minusSeconds(300)).sign());
        rejected(Reason.EXPIRED, f.minter().expiresAt(now.minusSeconds(3600)).issuedAt(now.minusSeconds(7200)).sign());
    }

    @Test
    void tokenExpiresWhenTheClockMovesPastExp() {
        String token = f.minter().expiresIn(Duration.ofMinutes(5)).sign();
        accepted(token);
        f.advance(Duration.ofMinutes(5).plusSeconds(59));
        try {
            accepted(token);
            f.advance(Duration.ofSeconds(1));
            rejected(Reason.EXPIRED, token);
        } finally {
            f.advance(Duration.ofMinutes(-6));
        }
    }

    @Test
    void notBeforeAndIssuedAtHonourTheClockSkew() {
        Instant now = f.clock.instant();
        accepted(f.minter().notBefore(now.plusSeconds(60)).sign());
        rejected(Reason.NOT_YET_VALID, f.minter().notBefore(now.plusSeconds(61)).sign());
        accepted(f.minter().issuedAt(now.plusSeconds(60)).sign());
        rejected(Reason.ISSUED_IN_FUTURE, f.minter().issuedAt(now.plusSeconds(120)).expiresAt(now.plusSeconds(600)).sign());
    }

    @Test
    void expIsRequiredAndMustBeANumber() {
        rejected(Reason.MISSING_CLAIM, f.minter().withoutExpiry().sign());
        rejected(Reason.MALFORMED_CLAIM, f.minter().claim("exp", "tomorrow").sign());
        rejected(Reason.MALFORMED_CLAIM, f.minter().claim("exp", List.of(1, 2)).sign());
        rejected(Reason.LIFETIME_TOO_LONG, f.minter().claim("exp", 99999999999L).sign()); // year 5138
    }

    @Test
    void thePrincipalClaimIsRequired() {
        rejected(Reason.MISSING_CLAIM, f.minter().removeClaim("sub").sign());
        rejected(Reason.MALFORMED_CLAIM, f.minter().claim("sub", 7).sign());
    }

    @Test
    void refusesUnsignedTokensInEveryCase() {
        rejected(Reason.ALGORITHM_NOT_ALLOWED, f.minter().unsigned());
        String signed = f.minter().sign();
        for (String alg : new String[] {"none", "None", "NONE", "nOnE"}) {
            String header = "{\"alg\":\"" + alg + "\",\"kid\":\"" + f.issuer.currentKey().getKeyId() + "\"}";
            rejected(Reason.ALGORITHM_NOT_ALLOWED, TokenMinter.withHeader(signed, header));
            String[] parts = TokenMinter.withHeader(signed, header).split("\\.");
            rejected(Reason.ALGORITHM_NOT_ALLOWED, parts[0] + "." + parts[1] + ".");
        }
    }

    @Test
    void refusesHmacKeyedWithThePublicKey() {
        PublicJsonWebKey key = f.issuer.currentKey();
        byte[] der = key.getPublicKey().getEncoded();
        String pem = "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder().encodeToString(der) + "\n-----END PUBLIC KEY-----\n";
        String jwkJson = key.toJson(OutputControlLevel.PUBLIC_ONLY);
        for (byte[] secret : List.of(der, pem.getBytes(StandardCharsets.US_ASCII), jwkJson.getBytes(StandardCharsets.UTF_8),
                new byte[0])) {
            rejected(Reason.ALGORITHM_NOT_ALLOWED, f.minter().signedWithHmac(secret));
        }
    }

    @Test
    void refusesAlgorithmsOutsideTheConfiguredList() {
        PublicJsonWebKey ec = TestKeys.ec("P-256");
        try (GateFixture onlyEs = GateFixture.withIssuer(LocalIssuer.start(ec), b -> b.algorithms(List.of("ES256")))) {
            assertInstanceOf(Outcome.Authenticated.class, onlyEs.validate(onlyEs.minter().sign()));
            onlyEs.issuer.rotate(TestKeys.rsa());
            onlyEs.advance(Duration.ofMinutes(1));
            assertEquals(Outcome.rejected(Reason.ALGORITHM_NOT_ALLOWED), onlyEs.validate(onlyEs.minter().sign()));
        }
    }

    @Test
    void acceptsEveryDefaultAsymmetricFamily() {
        PublicJsonWebKey ps = TestKeys.rsa(2048, "PS256");
        PublicJsonWebKey es = TestKeys.ec("P-384");
        PublicJsonWebKey ed = TestKeys.ed25519();
        PublicJsonWebKey rs4k = TestKeys.rsa(4096, "RS512");
        try (GateFixture multi = GateFixture.withIssuer(LocalIssuer.start(ps, es, ed, rs4k), b -> { })) {
            for (PublicJsonWebKey k : List.of(ps, es, ed, rs4k)) {
                String token = TokenMinter.signedWith(k).issuer(multi.issuer.issuer()).audience(GateFixture.AUDIENCE)
                        .subject("bob").clock(multi.clock).sign();
                assertInstanceOf(Outcome.Authenticated.class, multi.validate(token), k.getAlgorithm());
            }
        }
    }

    @Test
    void refusesSignaturesLongerThanTheirAlgorithmWithAZeroByteAppended() {
        // The JDK's EdDSA took an Ed25519 signature with a 65th, zero, byte (AWS-LC does not): refused on every engine.
        PublicJsonWebKey ed = TestKeys.ed25519();
        PublicJsonWebKey es = TestKeys.ec("P-256");
        PublicJsonWebKey rs = TestKeys.rsa();
        try (GateFixture multi = GateFixture.withIssuer(LocalIssuer.start(ed, es, rs), b -> b.tokenCache(false))) {
            for (PublicJsonWebKey k : List.of(ed, es, rs)) {
                String token = TokenMinter.signedWith(k).issuer(multi.issuer.issuer()).audience(GateFixture.AUDIENCE)
                        .subject("bob").clock(multi.clock).sign();
                assertInstanceOf(Outcome.Authenticated.class, multi.validate(token), k.getAlgorithm());
                int dot = token.lastIndexOf('.');
                byte[] sig = Base64.getUrlDecoder().decode(token.substring(dot + 1));
                String longer = token.substring(0, dot + 1)
                        + Base64.getUrlEncoder().withoutPadding().encodeToString(java.util.Arrays.copyOf(sig, sig.length + 1));
                assertEquals(Outcome.rejected(Reason.BAD_SIGNATURE), multi.validate(longer), k.getAlgorithm());
            }
        }
    }

    @Test
    void refusesAlgorithmKeyMismatches() {
        PublicJsonWebKey p256 = TestKeys.ec("P-256");
        PublicJsonWebKey rsa = TestKeys.rsa();
        try (GateFixture multi = GateFixture.withIssuer(LocalIssuer.start(p256, rsa), b -> { })) {
            String es384OnP256 = TokenMinter.signedWith(p256).issuer(multi.issuer.issuer()).audience(GateFixture.AUDIENCE)
                    .subject("bob").clock(multi.clock).algorithm("ES384").sign();
            assertRefusedAsToken(multi.validate(es384OnP256));
            String ps256OnRs256Key = TokenMinter.signedWith(rsa).issuer(multi.issuer.issuer()).audience(GateFixture.AUDIENCE)
                    .subject("bob").clock(multi.clock).algorithm("PS256").sign();
            assertEquals(Outcome.rejected(Reason.UNKNOWN_KEY), multi.validate(ps256OnRs256Key));
        }
    }

    private static void assertRefusedAsToken(Outcome o) {
        Outcome.Rejected r = assertInstanceOf(Outcome.Rejected.class, o);
        assertEquals(401, r.reason().status());
    }

    @Test
    void refusesBrokenSignatures() {
        String token = f.minter().sign();
        rejected(Reason.BAD_SIGNATURE, TokenMinter.flipSignatureBit(token));
        rejected(Reason.BAD_SIGNATURE, TokenMinter.truncateSignature(token));
        rejected(Reason.BAD_SIGNATURE, TokenMinter.tamperPayload(token, "sub", "admin"));
        rejected(Reason.BAD_SIGNATURE, TokenMinter.tamperPayload(token, "groups", List.of("admin")));
    }

    @Test
    void refusesUnknownCriticalHeaders() {
        rejected(Reason.UNSUPPORTED_CRITICAL_HEADER, f.minter().header("crit", List.of("exp")).header("exp", 1).sign());
        rejected(Reason.UNSUPPORTED_CRITICAL_HEADER, f.minter().header("crit", List.of("b64")).header("b64", true).sign());
    }

    @Test
    void neverUsesOrFetchesKeysNamedByTheToken() {
        PublicJsonWebKey attackerKey = TestKeys.rsa();
        try (LocalIssuer attacker = LocalIssuer.start(attackerKey)) {
            TokenMinter forged = TokenMinter.signedWith(attackerKey).issuer(f.issuer.issuer()).audience(GateFixture.AUDIENCE)
                    .subject("mallory").clock(f.clock);
            Map<String, Object> jwk = attackerKey.toParams(OutputControlLevel.PUBLIC_ONLY);
            rejected(Reason.UNKNOWN_KEY, forged.header("jku", attacker.jwksUri()).sign());
            rejected(Reason.UNKNOWN_KEY, forged.header("x5u", attacker.jwksUri()).sign());
            rejected(Reason.UNKNOWN_KEY, forged.header("jwk", jwk).sign());
            // Without a kid the issuer's own key is tried, and the forged signature fails against it.
            rejected(Reason.BAD_SIGNATURE, forged.header("jwk", jwk).withoutKid().sign());
            rejected(Reason.UNKNOWN_KEY, forged.header("x5c", List.of("MIIBfake")).sign());
            assertEquals(0, attacker.jwksRequests() + attacker.discoveryRequests());
        }
    }

    @Test
    void refusesMalformedTokensWithoutParsingSurprises() {
        String valid = f.minter().sign();
        String[] p = valid.split("\\.");
        for (String bad : new String[] {"", "abc", p[0] + "." + p[1], valid + ".x", valid + ".x.y",
                p[0] + "=." + p[1] + "." + p[2], p[0] + "." + p[1] + "." + p[2] + "=", " " + valid,
                p[0] + ".." + p[2], "." + p[1] + "." + p[2], valid.replace('-', '+'),
                b64("[1,2]") + "." + p[1] + "." + p[2], b64("{\"alg\":\"RS256\"}") + "." + b64("[1]") + "." + p[2],
                b64("{\"alg\":\"RS256\"}") + "." + b64("\"str\"") + "." + p[2],
                b64("{\"alg\":\"RS256\",\"alg\":\"none\"}") + "." + p[1] + "." + p[2],
                new String(new char[] {'\u00ff'}) + "." + p[1] + "." + p[2],
                b64bytes(new byte[] {(byte) 0xC3, (byte) 0x28}) + "." + p[1] + "." + p[2]}) {
            Outcome o = f.validate(bad);
            Outcome.Rejected r = assertInstanceOf(Outcome.Rejected.class, o, bad);
            assertEquals(401, r.reason().status(), bad);
        }
        rejected(Reason.MALFORMED_TOKEN, "eyJhbGciOiJSU0EtT0FFUCIsImVuYyI6IkEyNTZHQ00ifQ.a.b.c.d");
    }

    @Test
    void refusesDeeplyNestedJsonWithoutFailing() {
        String nested = "[".repeat(5000) + "]".repeat(5000);
        String token = b64("{\"alg\":\"RS256\"}") + "." + b64("{\"a\":" + nested + "}") + ".c2ln";
        Outcome.Rejected r = assertInstanceOf(Outcome.Rejected.class, f.validate(token));
        assertEquals(401, r.reason().status());
    }

    @Test
    void refusesTooLongTokensBeforeParsing() {
        rejected(Reason.TOKEN_TOO_LONG, f.minter().claim("pad", "x".repeat(17 * 1024)).sign());
    }

    @Test
    void rejectionsNeverLogTheTokenOrItsClaims() {
        try (LogCapture log = new LogCapture()) {
            String token = f.minter().audience("wrong").claim("secret_marker", "Zebra42").sign();
            rejected(Reason.WRONG_AUDIENCE, token);
            rejected(Reason.BAD_SIGNATURE, TokenMinter.flipSignatureBit(token));
            assertFalse(log.all().contains("Zebra42"), log.all());
            assertFalse(log.all().contains(token.substring(0, 30)), log.all());
        }
    }

    private static String b64(String s) {
        return b64bytes(s.getBytes(StandardCharsets.UTF_8));
    }

    private static String b64bytes(byte[] b) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    @Test
    void unknownKidIsRefusedAsUnknownKey() {
        rejected(Reason.UNKNOWN_KEY, f.minter().kid("no-such-key").sign());
        assertTrue(f.issuer.jwksRequests() >= 1);
    }
}
