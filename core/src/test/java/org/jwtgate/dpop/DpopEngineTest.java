package org.jwtgate.dpop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jwtgate.Decision;
import org.jwtgate.GateFixture;
import org.jwtgate.Outcome;
import org.jwtgate.TestRequest;
import org.jwtgate.config.DpopMode;
import org.jwtgate.config.GateConfig;
import org.jwtgate.error.ErrorResponse;
import org.jwtgate.error.Reason;
import org.jwtgate.error.Scheme;
import org.jwtgate.testing.DpopProofs;
import org.jwtgate.testing.TestKeys;
import org.jwtgate.testing.TokenMinter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** DPoP (RFC 9449) at the engine every adapter calls: proof checks, binding, replay, challenges. */
class DpopEngineTest {
    private static final String URL = "https://api.example.com/api/orders";
    private static final String ALGS = "RS256 RS384 RS512 PS256 PS384 PS512 ES256 ES384 ES512 EdDSA";
    private static final PublicJsonWebKey CLIENT = TestKeys.ec("P-256");
    private static GateFixture allowed;

    @BeforeAll
    static void start() {
        allowed = fixture(b -> b.dpop(DpopMode.ALLOWED));
    }

    @AfterAll
    static void stop() {
        allowed.close();
    }

    private static GateFixture fixture(Consumer<GateConfig.Builder> more) {
        return GateFixture.start(b -> {
            b.realm("orders").algorithms(List.of(ALGS.split(" "))).publicOrigin(URI.create("https://api.example.com"));
            more.accept(b);
        });
    }

    private static String boundToken(GateFixture f, PublicJsonWebKey key) {
        return f.minter().claim("cnf", DpopProofs.confirmation(key)).sign();
    }

    private static TokenMinter proof(GateFixture f, PublicJsonWebKey key, String token) {
        return DpopProofs.minter(key, "GET", URL, token, f.clock);
    }

    private static TestRequest dpop(String token, String... proofs) {
        TestRequest r = TestRequest.create().header("Authorization", "DPoP " + token).method("GET").url(URL);
        for (String p : proofs) {
            r.header("DPoP", p);
        }
        return r;
    }

    private static Outcome outcome(GateFixture f, TestRequest r) {
        return f.gate.authenticate("/api/orders", r);
    }

    private static ErrorResponse refused(GateFixture f, TestRequest r) {
        return assertInstanceOf(Decision.Respond.class, f.gate.decide("/api/orders", r)).response();
    }

    private static void assertRejected(Reason reason, Outcome o) {
        Outcome.Rejected r = assertInstanceOf(Outcome.Rejected.class, o, () -> "expected " + reason + ", got " + o);
        assertEquals(reason, r.reason());
    }

    @Test
    void boundTokenWithAValidProofIsAcceptedForEveryAllowedKeyType() {
        for (PublicJsonWebKey key : List.of(CLIENT, TestKeys.ec("P-384"), TestKeys.rsa(), TestKeys.rsa(2048, "PS256"),
                TestKeys.ed25519())) {
            String token = boundToken(allowed, key);
            Outcome o = outcome(allowed, dpop(token, proof(allowed, key, token).sign()));
            Outcome.Authenticated a = assertInstanceOf(Outcome.Authenticated.class, o, () -> key.getKeyType() + ": " + o);
            assertEquals("alice", a.principal().getName());
        }
    }

    @Test
    void theProofIsCheckedOnEveryRequestThoughTheTokenComesFromTheCache() {
        String token = boundToken(allowed, CLIENT);
        String first = proof(allowed, CLIENT, token).sign();
        assertInstanceOf(Outcome.Authenticated.class, outcome(allowed, dpop(token, first)));
        long hits = allowed.gate.tokenCacheStats().hits();
        assertRejected(Reason.DPOP_PROOF_REPLAYED, outcome(allowed, dpop(token, first)));
        assertRejected(Reason.DPOP_PROOF_MISSING, outcome(allowed, dpop(token)));
        assertRejected(Reason.DPOP_PROOF_METHOD, outcome(allowed, dpop(token, proof(allowed, CLIENT, token).claim("htm", "POST").sign())));
        assertInstanceOf(Outcome.Authenticated.class, outcome(allowed, dpop(token, proof(allowed, CLIENT, token).sign())));
        assertTrue(allowed.gate.tokenCacheStats().hits() >= hits + 3, "the token itself was answered from the cache");
    }

    @Test
    void aReplayedProofIsRefusedUntilItIsTooOldAnyway() {
        try (GateFixture f = fixture(b -> b.dpop(DpopMode.REQUIRED).dpopProofMaxAge(Duration.ofSeconds(30))
                .clockSkew(Duration.ofSeconds(10)))) {
            String token = boundToken(f, CLIENT);
            String p = proof(f, CLIENT, token).sign();
            assertInstanceOf(Outcome.Authenticated.class, outcome(f, dpop(token, p)));
            f.advance(Duration.ofSeconds(39));
            assertRejected(Reason.DPOP_PROOF_REPLAYED, outcome(f, dpop(token, p)));
            f.advance(Duration.ofSeconds(2));
            assertRejected(Reason.DPOP_PROOF_STALE, outcome(f, dpop(token, p)));
            assertInstanceOf(Outcome.Authenticated.class, outcome(f, dpop(token, proof(f, CLIENT, token).sign())));
        }
    }

    @Test
    void iatIsAcceptedWithinMaxAgeAndSkewOnly() {
        try (GateFixture f = fixture(b -> b.dpop(DpopMode.ALLOWED).dpopProofMaxAge(Duration.ofSeconds(30))
                .clockSkew(Duration.ofSeconds(10)))) {
            String token = boundToken(f, CLIENT);
            java.time.Instant now = f.clock.instant();
            assertInstanceOf(Outcome.Authenticated.class,
                    outcome(f, dpop(token, proof(f, CLIENT, token).issuedAt(now.minusSeconds(40)).sign())));
            assertRejected(Reason.DPOP_PROOF_STALE, outcome(f, dpop(token, proof(f, CLIENT, token).issuedAt(now.minusSeconds(41)).sign())));
            assertInstanceOf(Outcome.Authenticated.class,
                    outcome(f, dpop(token, proof(f, CLIENT, token).issuedAt(now.plusSeconds(10)).sign())));
            assertRejected(Reason.DPOP_PROOF_FUTURE, outcome(f, dpop(token, proof(f, CLIENT, token).issuedAt(now.plusSeconds(11)).sign())));
        }
    }

    /** Each hostile or wrong proof, with the reason it gets: never an exception, never accepted. */
    @Test
    void everyMalformedOrMismatchedProofIsRefusedWithItsReason() {
        GateFixture f = allowed;
        String token = boundToken(f, CLIENT);
        PublicJsonWebKey other = TestKeys.ec("P-256");
        TokenMinter good = proof(f, CLIENT, token);
        Map<String, TestRequest> cases = new LinkedHashMap<>();
        Map<String, Reason> expected = new LinkedHashMap<>();
        Consumer3 add = (name, reason, request) -> {
            cases.put(name, request);
            expected.put(name, reason);
        };
        add.put("no proof", Reason.DPOP_PROOF_MISSING, dpop(token));
        add.put("two proofs", Reason.DPOP_PROOF_MULTIPLE, dpop(token, good.sign(), good.sign()));
        add.put("two proofs in one line", Reason.DPOP_PROOF_MALFORMED, dpop(token, good.sign() + ", " + good.sign()));
        add.put("empty proof", Reason.DPOP_PROOF_MALFORMED, dpop(token, ""));
        add.put("not a JWS", Reason.DPOP_PROOF_MALFORMED, dpop(token, "abc.def"));
        add.put("garbage", Reason.DPOP_PROOF_MALFORMED, dpop(token, "\u0000\u00ff<script>"));
        add.put("too long", Reason.DPOP_PROOF_MALFORMED, dpop(token, good.claim("pad", "x".repeat(9000)).sign()));
        add.put("typ jwt", Reason.DPOP_PROOF_MALFORMED, dpop(token, good.type("JWT").sign()));
        add.put("no typ", Reason.DPOP_PROOF_MALFORMED, dpop(token, good.type(null).sign()));
        add.put("typ not a string", Reason.DPOP_PROOF_MALFORMED, dpop(token, good.type(null).header("typ", 7).sign()));
        add.put("alg none", Reason.DPOP_PROOF_ALGORITHM, dpop(token, good.unsigned()));
        add.put("alg HS256", Reason.DPOP_PROOF_ALGORITHM, dpop(token, good.signedWithHmac(new byte[32])));
        add.put("no jwk", Reason.DPOP_PROOF_KEY, dpop(token, good.header("jwk", null).sign()));
        add.put("jwk a string", Reason.DPOP_PROOF_KEY, dpop(token, good.header("jwk", "k").sign()));
        add.put("jwk with private key", Reason.DPOP_PROOF_KEY, dpop(token, good.header("jwk", DpopProofs.privateJwk(CLIENT)).sign()));
        add.put("jwk symmetric", Reason.DPOP_PROOF_KEY, dpop(token, good.header("jwk", Map.of("kty", "oct", "k", "AAAA")).sign()));
        add.put("jwk unknown kty", Reason.DPOP_PROOF_KEY, dpop(token, good.header("jwk", Map.of("kty", "XYZ")).sign()));
        PublicJsonWebKey weak = TestKeys.rsaWeak1024();
        add.put("jwk RSA 1024", Reason.DPOP_PROOF_KEY, dpop(token, DpopProofs.minter(weak, "GET", URL, token, f.clock).sign()));
        add.put("jwk EC for RS256", Reason.DPOP_PROOF_KEY, dpop(token,
                DpopProofs.minter(TestKeys.rsa(), "GET", URL, token, f.clock).header("jwk", DpopProofs.publicJwk(CLIENT)).sign()));
        add.put("jwk P-256 for ES384", Reason.DPOP_PROOF_KEY, dpop(token,
                DpopProofs.minter(TestKeys.ec("P-384"), "GET", URL, token, f.clock).header("jwk", DpopProofs.publicJwk(CLIENT)).sign()));
        add.put("jwk of another key", Reason.DPOP_PROOF_SIGNATURE, dpop(token, good.header("jwk", DpopProofs.publicJwk(other)).sign()));
        add.put("bad signature", Reason.DPOP_PROOF_SIGNATURE, dpop(token, TokenMinter.flipSignatureBit(good.sign())));
        add.put("tampered payload", Reason.DPOP_PROOF_SIGNATURE, dpop(token, TokenMinter.tamperPayload(good.sign(), "htm", "POST")));
        add.put("unknown crit", Reason.DPOP_PROOF_MALFORMED, dpop(token, good.header("crit", List.of("x")).header("x", 1).sign()));
        add.put("no jti", Reason.DPOP_PROOF_MALFORMED, dpop(token, good.removeClaim("jti").sign()));
        add.put("empty jti", Reason.DPOP_PROOF_MALFORMED, dpop(token, good.claim("jti", "").sign()));
        add.put("long jti", Reason.DPOP_PROOF_MALFORMED, dpop(token, good.claim("jti", "j".repeat(257)).sign()));
        add.put("jti a number", Reason.DPOP_PROOF_MALFORMED, dpop(token, good.claim("jti", 5).sign()));
        add.put("no htm", Reason.DPOP_PROOF_MALFORMED, dpop(token, good.removeClaim("htm").sign()));
        add.put("no htu", Reason.DPOP_PROOF_MALFORMED, dpop(token, good.removeClaim("htu").sign()));
        add.put("no iat", Reason.DPOP_PROOF_MALFORMED, dpop(token, good.removeClaim("iat").sign()));
        add.put("iat a string", Reason.DPOP_PROOF_MALFORMED, dpop(token, good.claim("iat", "now").sign()));
        add.put("payload not JSON", Reason.DPOP_PROOF_MALFORMED, dpop(token, good.signBytes(
                good.headerJson().getBytes(StandardCharsets.UTF_8), "[[[[".getBytes(StandardCharsets.UTF_8))));
        add.put("htm lower case", Reason.DPOP_PROOF_METHOD, dpop(token, good.claim("htm", "get").sign()));
        add.put("htm POST", Reason.DPOP_PROOF_METHOD, dpop(token, good.claim("htm", "POST").sign()));
        add.put("htu other path", Reason.DPOP_PROOF_URI, dpop(token, good.claim("htu", "https://api.example.com/api/other").sign()));
        add.put("htu other host", Reason.DPOP_PROOF_URI, dpop(token, good.claim("htu", "https://evil.example.com/api/orders").sign()));
        add.put("htu http", Reason.DPOP_PROOF_URI, dpop(token, good.claim("htu", "http://api.example.com/api/orders").sign()));
        add.put("htu other port", Reason.DPOP_PROOF_URI, dpop(token, good.claim("htu", "https://api.example.com:8443/api/orders").sign()));
        add.put("htu relative", Reason.DPOP_PROOF_URI, dpop(token, good.claim("htu", "/api/orders").sign()));
        add.put("htu user info", Reason.DPOP_PROOF_URI, dpop(token, good.claim("htu", "https://u@api.example.com/api/orders").sign()));
        add.put("htu not a URI", Reason.DPOP_PROOF_URI, dpop(token, good.claim("htu", "https://api.example.com/a b").sign()));
        add.put("no ath", Reason.DPOP_PROOF_TOKEN_HASH, dpop(token, good.removeClaim("ath").sign()));
        add.put("ath of another token", Reason.DPOP_PROOF_TOKEN_HASH, dpop(token, good.claim("ath", DpopProofs.ath(token + "x")).sign()));
        String otherBound = boundToken(f, other);
        add.put("token bound to another key", Reason.DPOP_KEY_MISMATCH, dpop(otherBound, proof(f, CLIENT, otherBound).sign()));
        String unbound = f.minter().sign();
        add.put("token not bound", Reason.TOKEN_NOT_BOUND, dpop(unbound, proof(f, CLIENT, unbound).sign()));
        String badCnf = f.minter().claim("cnf", "jkt").sign();
        add.put("cnf not an object", Reason.MALFORMED_CLAIM, dpop(badCnf, proof(f, CLIENT, badCnf).sign()));
        add.put("no method known", Reason.DPOP_PROOF_METHOD, dpop(token, good.sign()).method(null));
        add.put("no URL known", Reason.DPOP_PROOF_URI, dpop(token, good.sign()).url(null));
        cases.forEach((name, request) -> {
            Outcome o = outcome(f, request);
            assertRejected(expected.get(name), o);
            ErrorResponse resp = refused(f, request);
            assertEquals(401, resp.status(), name);
            assertEquals("no-store", resp.headers().get("Cache-Control"), name);
            Reason reason = expected.get(name);
            assertEquals("Bearer realm=\"orders\", DPoP realm=\"orders\", algs=\"" + ALGS + "\", error=\""
                    + reason.code().code() + "\", error_description=\"" + reason.description() + "\"", resp.wwwAuthenticate(), name);
            assertEquals("{\"error\":\"" + reason.code().code() + "\",\"error_description\":\"" + reason.description() + "\"}",
                    resp.body(), name);
        });
        assertEquals(49, cases.size());
    }

    @FunctionalInterface
    private interface Consumer3 {
        void put(String name, Reason reason, TestRequest request);
    }

    @Test
    void htuIsComparedNormalisedWithoutQueryAndFragment() {
        String token = boundToken(allowed, CLIENT);
        for (String htu : List.of(URL, "HTTPS://API.Example.COM/api/orders", "https://api.example.com:443/api/orders",
                "https://api.example.com/api/orders?page=2", "https://api.example.com/api/orders#top",
                "https://api.example.com/api/%6Frders", "https://api.example.com/api/x/../orders")) {
            Outcome o = outcome(allowed, dpop(token, proof(allowed, CLIENT, token).claim("htu", htu).sign()));
            assertInstanceOf(Outcome.Authenticated.class, o, htu);
        }
        TestRequest withQuery = dpop(token, proof(allowed, CLIENT, token).sign()).url(URL);
        assertInstanceOf(Outcome.Authenticated.class, outcome(allowed, withQuery));
    }

    @Test
    void thePublicOriginReplacesTheOneTheContainerReports() {
        String token = boundToken(allowed, CLIENT);
        TestRequest internal = dpop(token, proof(allowed, CLIENT, token).sign()).url("http://10.0.0.7:8080/api/orders");
        assertInstanceOf(Outcome.Authenticated.class, outcome(allowed, internal));
        String forInternal = DpopProofs.minter(CLIENT, "GET", "http://10.0.0.7:8080/api/orders", token, allowed.clock).sign();
        assertRejected(Reason.DPOP_PROOF_URI, outcome(allowed, dpop(token, forInternal).url("http://10.0.0.7:8080/api/orders")));
    }

    @Test
    void fromRequestTrustsTheUrlTheContainerReports() {
        try (GateFixture f = GateFixture.start(b -> b.dpop(DpopMode.ALLOWED).requestOriginTrusted(true))) {
            String token = boundToken(f, CLIENT);
            String local = "http://127.0.0.1:8080/api/orders";
            TestRequest r = dpop(token, DpopProofs.minter(CLIENT, "GET", local, token, f.clock).sign()).url(local);
            assertInstanceOf(Outcome.Authenticated.class, outcome(f, r));
            assertRejected(Reason.DPOP_PROOF_URI, outcome(f, dpop(token, proof(f, CLIENT, token).sign()).url(local)));
        }
    }

    @Test
    void aBoundTokenSentAsBearerIsRefusedInEveryMode() {
        for (DpopMode mode : DpopMode.values()) {
            try (GateFixture f = fixture(b -> b.dpop(mode))) {
                String token = boundToken(f, CLIENT);
                Outcome o = outcome(f, TestRequest.bearer(token).header("DPoP", proof(f, CLIENT, token).sign()).method("GET").url(URL));
                Reason expected = mode == DpopMode.REQUIRED ? Reason.DPOP_REQUIRED : Reason.BOUND_TOKEN_AS_BEARER;
                assertRejected(expected, o);
                assertRejected(expected, f.gate.validate(token));
                assertInstanceOf(Outcome.Rejected.class, f.gate.validate(token)); // from the cache too
            }
        }
    }

    @Test
    void challengesFollowTheMode() {
        String token;
        try (GateFixture off = GateFixture.start(b -> b.realm("orders"))) {
            token = boundToken(off, CLIENT);
            ErrorResponse none = refused(off, TestRequest.create().header("Authorization", "DPoP " + token));
            assertEquals("Bearer realm=\"orders\"", none.wwwAuthenticate(), "with dpop=off the DPoP scheme is another scheme");
            assertInstanceOf(Outcome.Authenticated.class, off.validate(off.minter().sign()));
        }
        ErrorResponse both = refused(allowed, TestRequest.create());
        assertEquals("Bearer realm=\"orders\", DPoP realm=\"orders\", algs=\"" + ALGS + "\"", both.wwwAuthenticate());
        ErrorResponse bearerError = refused(allowed, TestRequest.bearer("abc"));
        assertEquals("Bearer realm=\"orders\", error=\"invalid_token\", error_description=\"The token is malformed\", "
                + "DPoP realm=\"orders\", algs=\"" + ALGS + "\"", bearerError.wwwAuthenticate());
        ErrorResponse dpopError = refused(allowed, TestRequest.create().header("Authorization", "DPoP abc"));
        assertEquals("Bearer realm=\"orders\", DPoP realm=\"orders\", algs=\"" + ALGS + "\", error=\"invalid_token\", "
                + "error_description=\"The token is malformed\"", dpopError.wwwAuthenticate());
        try (GateFixture required = fixture(b -> b.dpop(DpopMode.REQUIRED).dpopAlgorithms(List.of("ES256", "PS256")))) {
            assertEquals("DPoP realm=\"orders\", algs=\"ES256 PS256\"", refused(required, TestRequest.create()).wwwAuthenticate());
            String t = boundToken(required, CLIENT);
            ErrorResponse bearer = refused(required, TestRequest.bearer(t));
            assertEquals("DPoP realm=\"orders\", algs=\"ES256 PS256\", error=\"invalid_token\", error_description=\""
                    + Reason.DPOP_REQUIRED.description() + "\"", bearer.wwwAuthenticate());
            String rs = DpopProofs.minter(TestKeys.rsa(), "GET", URL, t, required.clock).sign();
            assertRejected(Reason.DPOP_PROOF_ALGORITHM, outcome(required, dpop(t, rs)));
            ErrorResponse twice = refused(required, TestRequest.create().header("Authorization", "DPoP " + t)
                    .header("Authorization", "DPoP " + t));
            assertEquals(400, twice.status());
            assertEquals("DPoP realm=\"orders\", algs=\"ES256 PS256\", error=\"invalid_request\", error_description=\""
                    + Reason.MULTIPLE_TOKENS.description() + "\"", twice.wwwAuthenticate());
        }
    }

    @Test
    void mutatedProofsNeverPassAndNeverThrow() {
        String token = boundToken(allowed, CLIENT);
        String valid = proof(allowed, CLIENT, token).sign();
        Random random = new Random(9449);
        List<String> mutants = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            char[] c = valid.toCharArray();
            int edits = 1 + random.nextInt(4);
            for (int e = 0; e < edits; e++) {
                String alphabet = "AZaz09-_.=+/ %{\"\u00e9";
                c[random.nextInt(c.length)] = alphabet.charAt(random.nextInt(alphabet.length()));
            }
            String mutant = new String(c);
            if (!mutant.equals(valid)) {
                mutants.add(mutant);
            }
            mutants.add(valid.substring(0, random.nextInt(valid.length())));
        }
        String[] parts = valid.split("\\.");
        for (String header : List.of("{}", "[]", "null", "{\"typ\":\"dpop+jwt\",\"alg\":\"ES256\",\"jwk\":{\"kty\":\"EC\"}}",
                "{\"typ\":\"dpop+jwt\",\"alg\":\"ES256\",\"jwk\":" + "[".repeat(5000) + "}", "{\"alg\":\"ES256\",\"alg\":\"none\"}")) {
            mutants.add(Base64.getUrlEncoder().withoutPadding().encodeToString(header.getBytes(StandardCharsets.UTF_8))
                    + "." + parts[1] + "." + parts[2]);
        }
        for (String m : mutants) {
            Outcome o = outcome(allowed, dpop(token, m));
            assertInstanceOf(Outcome.Rejected.class, o, m);
            assertEquals(Scheme.DPOP, ((Outcome.Rejected) o).scheme());
        }
        assertInstanceOf(Outcome.Authenticated.class, outcome(allowed, dpop(token, valid)), "the original is still unused");
    }

    @Test
    void aFullReplayStoreRefusesNewProofsRatherThanForgettingLiveOnes() {
        org.jwtgate.testing.MutableClock clock = org.jwtgate.testing.MutableClock.startingNow();
        InMemoryReplayStore store = new InMemoryReplayStore(2, clock);
        long until = clock.millis() + 1000;
        assertTrue(store.firstUse("a", until));
        assertFalse(store.firstUse("a", until));
        assertTrue(store.firstUse("b", until));
        org.junit.jupiter.api.Assertions.assertThrows(ReplayStoreUnavailableException.class, () -> store.firstUse("c", until));
        assertFalse(store.firstUse("a", until), "a live id is never forgotten to make room");
        clock.advance(Duration.ofMillis(1001));
        assertTrue(store.firstUse("c", clock.millis() + 1000), "expired ids are swept out");
        assertEquals(1, store.size());
    }
}
