package org.jwtgate.jwks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.jose4j.jwk.JsonWebKey.OutputControlLevel;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jwtgate.GateFixture;
import org.jwtgate.LogCapture;
import org.jwtgate.Outcome;
import org.jwtgate.error.Reason;
import org.jwtgate.testing.LocalIssuer;
import org.jwtgate.testing.TestKeys;
import org.jwtgate.testing.TokenMinter;
import org.junit.jupiter.api.Test;

/**
 * A JWKS endpoint that misbehaves gives a clear log line, a 503 (never a 401 for a good token, never
 * a 500) and no wait beyond the configured timeouts (800 ms each in {@link GateFixture}).
 */
class HostileJwksTest {
    private static final long BOUND_MILLIS = 4_000; // connect + read timeouts with generous slack

    private static Outcome timed(GateFixture f, String token) {
        long start = System.nanoTime();
        Outcome o = f.validate(token);
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertTrue(millis < BOUND_MILLIS, "took " + millis + " ms");
        return o;
    }

    @Test
    void hugeBodyIsRefusedAtTheSizeCap() {
        try (GateFixture f = GateFixture.start(b -> b.jwksMaxResponseBytes(64 * 1024)); LogCapture log = new LogCapture()) {
            f.issuer.hugeJwksBody(1024 * 1024);
            assertEquals(Outcome.KEYS_UNAVAILABLE, timed(f, f.minter().sign()));
            assertTrue(log.all().contains("65536") && log.all().contains("(jwks-max-response-size)"), log.all());
        }
    }

    @Test
    void slowBodyIsCutOffAtTheReadDeadline() {
        try (GateFixture f = GateFixture.start(); LogCapture log = new LogCapture()) {
            f.issuer.slowJwksBody(10_000, Duration.ofMillis(50));
            assertEquals(Outcome.KEYS_UNAVAILABLE, timed(f, f.minter().sign()));
            assertTrue(log.all().contains("did not finish its response within the read timeout"), log.all());
        }
    }

    @Test
    void slowHeadersAreCutOffAtTheReadTimeout() {
        try (GateFixture f = GateFixture.start(); LogCapture log = new LogCapture()) {
            f.issuer.delay(Duration.ofSeconds(3));
            assertEquals(Outcome.KEYS_UNAVAILABLE, timed(f, f.minter().sign()));
            assertTrue(log.all().contains("no response from " + f.issuer.jwksUri() + " within the timeouts"), log.all());
        }
    }

    @Test
    void invalidJsonIsReportedClearly() {
        try (GateFixture f = GateFixture.start(); LogCapture log = new LogCapture()) {
            f.issuer.rawJwksBody("<html>Welcome to nginx</html>");
            assertEquals(Outcome.KEYS_UNAVAILABLE, timed(f, f.minter().sign()));
            assertTrue(log.all().contains("is not valid JSON"), log.all());
            assertFalse(log.all().contains("nginx"), "the remote body is not echoed: " + log.all());
        }
    }

    @Test
    void documentWithoutKeysMemberIsReportedAsNotAJwkSet() {
        try (GateFixture f = GateFixture.start(); LogCapture log = new LogCapture()) {
            f.issuer.rawJwksBody("{\"issuer\":\"x\",\"jwks_uri\":\"y\"}");
            assertEquals(Outcome.KEYS_UNAVAILABLE, timed(f, f.minter().sign()));
            assertTrue(log.all().contains("is not a JWK Set: it has no \"keys\" array"), log.all());
            f.issuer.rawJwksBody("{\"keys\":{\"kty\":\"RSA\"}}");
            f.advance(Duration.ofSeconds(30));
            assertEquals(Outcome.KEYS_UNAVAILABLE, timed(f, f.minter().sign()));
        }
    }

    @Test
    void errorStatusesAndRedirectsAreFailuresNotKeys() {
        try (GateFixture f = GateFixture.start(); LogCapture log = new LogCapture()) {
            f.issuer.jwksStatus(302);
            assertEquals(Outcome.KEYS_UNAVAILABLE, timed(f, f.minter().sign()));
            assertTrue(log.all().contains("answered HTTP 302 instead of 200"), log.all());
            f.issuer.jwksStatus(0);
            f.advance(Duration.ofSeconds(30));
            assertInstanceOf(Outcome.Authenticated.class, f.validate(f.minter().sign()));
        }
    }

    @Test
    void onlyPublicAsymmetricSignatureKeysAreUsed() {
        PublicJsonWebKey good = TestKeys.rsa();
        PublicJsonWebKey weak = TestKeys.rsaWeak1024();
        PublicJsonWebKey enc = TestKeys.rsa();
        enc.setUse("enc");
        PublicJsonWebKey noVerify = TestKeys.ec("P-256");
        noVerify.setKeyOps(List.of("encrypt"));
        try (LocalIssuer issuer = LocalIssuer.start(good);
                LogCapture log = new LogCapture();
                GateFixture f = GateFixture.withIssuer(issuer, b -> { })) {
            Map<String, Object> oct = Map.of("kty", "oct", "kid", "hmac", "k", "c2VjcmV0");
            String keys = "{\"keys\":[" + good.toJson(OutputControlLevel.PUBLIC_ONLY) + ","
                    + weak.toJson(OutputControlLevel.PUBLIC_ONLY) + "," + enc.toJson(OutputControlLevel.PUBLIC_ONLY) + ","
                    + noVerify.toJson(OutputControlLevel.PUBLIC_ONLY) + "," + org.jose4j.json.JsonUtil.toJson(oct)
                    + ",{\"kty\":\"RSA\",\"kid\":\"broken\"},42]}";
            issuer.rawJwksBody(keys);
            assertInstanceOf(Outcome.Authenticated.class, f.validate(f.minter().sign()));
            assertTrue(log.all().contains("ignored 6 of 7 keys"), log.all());
            for (PublicJsonWebKey k : List.of(weak, enc, noVerify)) {
                String token = TokenMinter.signedWith(k).issuer(issuer.issuer()).audience(GateFixture.AUDIENCE)
                        .subject("x").clock(f.clock).sign();
                assertEquals(Outcome.rejected(Reason.UNKNOWN_KEY), f.validate(token), k.getKeyId());
            }
            String hs = TokenMinter.signedWith(good).issuer(issuer.issuer()).audience(GateFixture.AUDIENCE).subject("x")
                    .clock(f.clock).kid("hmac").signedWithHmac("secret".getBytes());
            assertEquals(Outcome.rejected(Reason.ALGORITHM_NOT_ALLOWED), f.validate(hs));
        }
    }

    @Test
    void emptyKeySetIsAWarningAndEveryTokenAnUnknownKey() {
        try (GateFixture f = GateFixture.start(); LogCapture log = new LogCapture()) {
            f.issuer.rawJwksBody("{\"keys\":[]}");
            assertEquals(Outcome.rejected(Reason.UNKNOWN_KEY), f.validate(f.minter().sign()));
            assertTrue(log.all().contains("holds no usable signature key"), log.all());
        }
    }

    @Test
    void leakedPrivateMembersAreDroppedAndReportedAndSharedKidsAndOddContentTypesReported() {
        PublicJsonWebKey leaked = TestKeys.rsa();
        PublicJsonWebKey twin = TestKeys.withKid(TestKeys.rsa(), leaked.getKeyId());
        try (LocalIssuer issuer = LocalIssuer.start(leaked);
                LogCapture log = new LogCapture();
                GateFixture f = GateFixture.withIssuer(issuer, b -> { })) {
            issuer.rawJwksBody("{\"keys\":[" + leaked.toJson(OutputControlLevel.INCLUDE_PRIVATE) + ","
                    + twin.toJson(OutputControlLevel.PUBLIC_ONLY) + "]}");
            issuer.jwksContentType("text/html; charset=\u00e9vil");
            assertInstanceOf(Outcome.Authenticated.class, f.validate(f.minter().sign()));
            for (org.jose4j.jwk.JsonWebKey k : f.gate.keySets().get(0).getJsonWebKeys()) {
                assertEquals(null, ((PublicJsonWebKey) k).getPrivateKey(), "private parts are never held");
            }
            assertTrue(log.all().contains("publishes private key members in 1 key(s)"), log.all());
            assertTrue(log.all().contains("1 key(s) reusing another key's kid"), log.all());
            assertTrue(log.all().contains("is served as 'text/html; charset=?vil'"), log.all());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /**
     * Every Keycloak realm publishes an RSA-OAEP encryption key beside its signing keys, with
     * {@code Cache-Control: no-cache}: refetched every {@code jwks-min-ttl}. The ignored key is reported
     * once per change of the key set, not on every refresh (~2,900 WARNING lines a day per issuer before).
     */
    @Test
    void aKeySetIsReportedWhenItChangesNotOnEveryRefresh() {
        PublicJsonWebKey sig = TestKeys.rsa();
        PublicJsonWebKey enc = TestKeys.rsa();
        enc.setUse("enc");
        enc.setAlgorithm("RSA-OAEP");
        try (LocalIssuer issuer = LocalIssuer.start(sig);
                LogCapture log = new LogCapture();
                GateFixture f = GateFixture.withIssuer(issuer, b -> { })) {
            issuer.cacheControl("no-cache");
            issuer.addKey(enc);
            for (int i = 0; i < 11; i++) { // the first fetch and 10 refreshes
                assertInstanceOf(Outcome.Authenticated.class, f.validate(f.minter().sign()));
                f.advance(java.time.Duration.ofSeconds(31));
            }
            assertEquals(11, issuer.jwksRequests());
            assertEquals(1, warnings(log, "ignored 1 of 2 keys"), log.all());
            assertEquals(10, log.lines().stream().filter(l -> l.startsWith("FINE") && l.contains("ignored 1 of 2 keys")).count(),
                    "the repeats are DEBUG");
            issuer.addKey(TestKeys.ec("P-256")); // the set changes: reported again
            f.validate(f.minter().sign());
            f.advance(java.time.Duration.ofSeconds(31));
            f.validate(f.minter().sign());
            assertEquals(1, warnings(log, "ignored 1 of 3 keys"), log.all());
        }
    }

    private static long warnings(LogCapture log, String text) {
        return log.lines().stream().filter(l -> l.startsWith("WARNING") && l.contains(text)).count();
    }
}
