package org.jwtgate.dpop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jwtgate.Decision;
import org.jwtgate.GateFixture;
import org.jwtgate.JwtPrincipal;
import org.jwtgate.Outcome;
import org.jwtgate.TestRequest;
import org.jwtgate.authz.AccessRule;
import org.jwtgate.authz.Authorization;
import org.jwtgate.config.ConfigException;
import org.jwtgate.config.DpopMode;
import org.jwtgate.config.GateConfig;
import org.jwtgate.config.Parameters;
import org.jwtgate.config.Placeholders;
import org.jwtgate.error.ErrorResponse;
import org.jwtgate.error.Reason;
import org.jwtgate.error.Scheme;
import org.jwtgate.testing.DpopProofs;
import org.jwtgate.testing.MutableClock;
import org.jwtgate.testing.TestKeys;
import org.jwtgate.testing.TokenMinter;
import org.junit.jupiter.api.Test;

/**
 * Server-provided DPoP nonces (RFC 9449 §8, {@code dpop-nonce=required}), the scheme a DPoP caller is
 * reported with, and the challenge of a 403 refusing it, at the engine every adapter calls.
 */
class DpopNonceTest {
    private static final String URL = "https://api.example.com/api/orders";
    private static final String SECRET = "a-shared-nonce-secret-of-32-chars-or-more";
    private static final PublicJsonWebKey CLIENT = TestKeys.ec("P-256");

    private static GateFixture fixture(Consumer<GateConfig.Builder> more) {
        return GateFixture.start(b -> {
            b.realm("orders").algorithms(List.of("ES256", "RS256")).publicOrigin(URI.create("https://api.example.com"))
                    .dpop(DpopMode.ALLOWED);
            more.accept(b);
        });
    }

    private static String boundToken(GateFixture f) {
        return f.minter().claim("cnf", DpopProofs.confirmation(CLIENT)).claim("scope", "orders:read").sign();
    }

    private static TokenMinter proof(GateFixture f, String token) {
        return DpopProofs.minter(CLIENT, "GET", URL, token, f.clock);
    }

    private static TestRequest dpop(String token, String proof) {
        return TestRequest.create().header("Authorization", "DPoP " + token).header("DPoP", proof).method("GET").url(URL);
    }

    private static Decision decide(GateFixture f, TestRequest r) {
        return f.gate.decide("/api/orders", r);
    }

    private static ErrorResponse useNonce(Decision d) {
        ErrorResponse r = assertInstanceOf(Decision.Respond.class, d, () -> "expected use_dpop_nonce, got " + d).response();
        assertEquals(401, r.status());
        assertEquals("DPoP realm=\"orders\", algs=\"RS256 ES256\", error=\"use_dpop_nonce\", "
                + "error_description=\"Resource server requires nonce in DPoP proof\"",
                r.wwwAuthenticate().substring(r.wwwAuthenticate().indexOf("DPoP ")));
        assertEquals("{\"error\":\"use_dpop_nonce\",\"error_description\":\"Resource server requires nonce in DPoP proof\"}",
                r.body());
        return r;
    }

    @Test
    void aProofWithoutTheNonceIsRefusedWithAFreshOneWhichThenPasses() {
        try (GateFixture f = fixture(b -> b.dpopNonce(true).dpopNonceSecret(SECRET))) {
            String token = boundToken(f);
            ErrorResponse first = useNonce(decide(f, dpop(token, proof(f, token).sign())));
            String nonce = first.headers().get("DPoP-Nonce");
            assertNotNull(nonce, "the refusal hands out a nonce");
            assertTrue(nonce.matches("[A-Za-z0-9_-]{43}"), nonce);
            assertEquals("DPoP-Nonce", List.copyOf(first.headers().keySet()).get(first.headers().size() - 1));

            Decision.Proceed ok = assertInstanceOf(Decision.Proceed.class,
                    decide(f, dpop(token, proof(f, token).claim("nonce", nonce).sign())));
            JwtPrincipal p = ok.principal().orElseThrow();
            assertEquals(Map.of("DPoP-Nonce", nonce), f.gate.responseHeaders(p), "a success hands out the current nonce");
            useNonce(decide(f, dpop(token, proof(f, token).claim("nonce", nonce + "A").sign())));
            useNonce(decide(f, dpop(token, proof(f, token).claim("nonce", 42).sign())));
        }
    }

    @Test
    void aNonceIsAcceptedDuringItsSlotAndTheNextOnly() {
        try (GateFixture f = fixture(b -> b.dpopNonce(true).dpopNonceSecret(SECRET).dpopNonceLifetime(Duration.ofSeconds(30)))) {
            String token = boundToken(f);
            String nonce = useNonce(decide(f, dpop(token, proof(f, token).sign()))).headers().get("DPoP-Nonce");
            f.advance(Duration.ofSeconds(30));
            String next = useNonce(decide(f, dpop(token, proof(f, token).sign()))).headers().get("DPoP-Nonce");
            assertNotEquals(nonce, next, "each slot has its own nonce");
            assertInstanceOf(Decision.Proceed.class, decide(f, dpop(token, proof(f, token).claim("nonce", nonce).sign())),
                    "the previous slot's nonce is still accepted");
            f.advance(Duration.ofSeconds(30));
            useNonce(decide(f, dpop(token, proof(f, token).claim("nonce", nonce).sign())));
            assertInstanceOf(Decision.Proceed.class, decide(f, dpop(token, proof(f, token).claim("nonce", next).sign())));
        }
    }

    @Test
    void nodesWithTheSameSecretAcceptEachOthersNoncesAndNodesWithoutOneDoNot() {
        try (GateFixture a = fixture(b -> b.dpopNonce(true).dpopNonceSecret(SECRET));
                GateFixture other = fixture(b -> b.dpopNonce(true).dpopNonceSecret(SECRET).clock(a.clock));
                GateFixture random = fixture(b -> b.dpopNonce(true).clock(a.clock))) {
            String nonce = useNonce(decide(a, dpop(boundToken(a), proof(a, boundToken(a)).sign()))).headers().get("DPoP-Nonce");
            String token = boundToken(other);
            assertInstanceOf(Decision.Proceed.class, decide(other, dpop(token, proof(other, token).claim("nonce", nonce).sign())));
            String own = boundToken(random);
            String randomNonce = useNonce(decide(random, dpop(own, proof(random, own).claim("nonce", nonce).sign())))
                    .headers().get("DPoP-Nonce");
            assertNotEquals(nonce, randomNonce, "without a secret an engine's nonces are its own");
            assertInstanceOf(Decision.Proceed.class, decide(random, dpop(own, proof(random, own).claim("nonce", randomNonce).sign())));
        }
    }

    @Test
    void aProofRefusedForItsNonceIsNotRememberedAndOtherRefusalsComeFirst() {
        try (GateFixture f = fixture(b -> b.dpopNonce(true).dpopNonceSecret(SECRET))) {
            String token = boundToken(f);
            String nonce = useNonce(decide(f, dpop(token, proof(f, token).sign()))).headers().get("DPoP-Nonce");
            ErrorResponse wrongMethod = assertInstanceOf(Decision.Respond.class,
                    decide(f, dpop(token, proof(f, token).claim("htm", "POST").sign()))).response();
            assertTrue(wrongMethod.wwwAuthenticate().contains("error=\"invalid_dpop_proof\""), wrongMethod.wwwAuthenticate());
            assertFalse(wrongMethod.headers().containsKey("DPoP-Nonce"));
            String withNonce = proof(f, token).claim("nonce", nonce).sign();
            assertInstanceOf(Decision.Proceed.class, decide(f, dpop(token, withNonce)));
            Outcome replayed = f.gate.authenticate("/api/orders", dpop(token, withNonce));
            assertEquals(Reason.DPOP_PROOF_REPLAYED, assertInstanceOf(Outcome.Rejected.class, replayed).reason());
        }
    }

    @Test
    void withoutNoncesNothingIsHandedOutAndBearerCallersNeverGetOne() {
        try (GateFixture off = fixture(b -> { });
                GateFixture on = fixture(b -> b.dpopNonce(true).dpopNonceSecret(SECRET))) {
            String token = boundToken(off);
            Decision.Proceed ok = assertInstanceOf(Decision.Proceed.class, decide(off, dpop(token, proof(off, token).sign())));
            assertEquals(Map.of(), off.gate.responseHeaders(ok.principal().orElseThrow()));
            String bearer = on.minter().sign();
            Decision.Proceed b = assertInstanceOf(Decision.Proceed.class,
                    decide(on, TestRequest.create().header("Authorization", "Bearer " + bearer).method("GET").url(URL)));
            assertEquals(Map.of(), on.gate.responseHeaders(b.principal().orElseThrow()));
        }
    }

    @Test
    void aDpopCallerIsReportedAsDpopAndABearerCallerAsBearer() {
        try (GateFixture f = fixture(b -> { })) {
            String token = boundToken(f);
            JwtPrincipal dpop = assertInstanceOf(Outcome.Authenticated.class,
                    f.gate.authenticate("/api/orders", dpop(token, proof(f, token).sign()))).principal();
            assertEquals(Scheme.DPOP, dpop.scheme());
            assertEquals("DPoP", dpop.authType());
            JwtPrincipal bearer = assertInstanceOf(Outcome.Authenticated.class, f.gate.authenticate("/api/orders",
                    TestRequest.create().header("Authorization", "Bearer " + f.minter().sign()).method("GET").url(URL)))
                    .principal();
            assertEquals("Bearer", bearer.authType());
        }
    }

    @Test
    void insufficientScopeGoesOnTheChallengeOfTheSchemeTheCallerUsed() {
        try (GateFixture allowed = fixture(b -> { });
                GateFixture required = fixture(b -> b.dpop(DpopMode.REQUIRED))) {
            AccessRule rule = AccessRule.requires(Set.of(), Set.of("orders:write"));
            String token = boundToken(allowed);
            ErrorResponse dpop = forbidden(allowed, rule, dpop(token, proof(allowed, token).sign()));
            assertEquals("Bearer realm=\"orders\", DPoP realm=\"orders\", algs=\"RS256 ES256\", error=\"insufficient_scope\", "
                    + "error_description=\"The token lacks a required scope\", scope=\"orders:write\"", dpop.wwwAuthenticate());
            ErrorResponse bearer = forbidden(allowed, rule, TestRequest.create()
                    .header("Authorization", "Bearer " + allowed.minter().claim("scope", "orders:read").sign()).method("GET").url(URL));
            assertEquals("Bearer realm=\"orders\", error=\"insufficient_scope\", error_description=\"The token lacks a "
                    + "required scope\", scope=\"orders:write\", DPoP realm=\"orders\", algs=\"RS256 ES256\"", bearer.wwwAuthenticate());
            String t = boundToken(required);
            assertEquals("DPoP realm=\"orders\", algs=\"RS256 ES256\", error=\"insufficient_scope\", error_description=\"The "
                    + "token lacks a required role\"", forbidden(required, AccessRule.DENY_ALL,
                            dpop(t, proof(required, t).sign())).wwwAuthenticate());
        }
    }

    private static ErrorResponse forbidden(GateFixture f, AccessRule rule, TestRequest r) {
        Decision d = Authorization.authorize(f.gate.responses(), Authorization.authenticate(f.gate, "/api/orders", r, rule, null), rule);
        ErrorResponse resp = assertInstanceOf(Decision.Respond.class, d).response();
        assertEquals(403, resp.status());
        return resp;
    }

    @Test
    void nonceParametersAreCheckedAndTheSecretIsNeverShown() {
        Map<String, String> base = Map.of("issuers", "https://issuer.example", "audiences", "api", "dpop", "required",
                "public-origin", "https://api.example.com");
        GateConfig ok = parse(base, Map.of("dpop-nonce", "required", "dpop-nonce-secret", "${env:JWTGATE_TEST_NONCE_SECRET:" + SECRET + "}",
                "dpop-nonce-lifetime", "5m"));
        assertTrue(ok.dpopNonce());
        assertEquals(SECRET, ok.dpopNonceSecret().orElseThrow());
        assertEquals(Duration.ofMinutes(5), ok.dpopNonceLifetime());
        assertFalse(parse(base, Map.of()).dpopNonce(), "off by default");
        ConfigException shortSecret = assertThrows(ConfigException.class,
                () -> parse(base, Map.of("dpop-nonce", "required", "dpop-nonce-secret", "short-secret-xyz")));
        assertEquals(Parameters.DPOP_NONCE_SECRET, shortSecret.parameter());
        assertFalse(shortSecret.getMessage().contains("short-secret-xyz"), shortSecret.getMessage());
        assertEquals(Parameters.DPOP_NONCE, assertThrows(ConfigException.class,
                () -> parse(base, Map.of("dpop-nonce", "sometimes"))).parameter());
        assertEquals(Parameters.DPOP_NONCE_SECRET, assertThrows(ConfigException.class,
                () -> parse(base, Map.of("dpop-nonce-secret", SECRET))).parameter());
        assertEquals(Parameters.DPOP_NONCE_LIFETIME, assertThrows(ConfigException.class,
                () -> parse(base, Map.of("dpop-nonce", "required", "dpop-nonce-lifetime", "2h"))).parameter());
        Map<String, String> off = new java.util.HashMap<>(base);
        off.put("dpop", "off");
        assertEquals(Parameters.DPOP_NONCE, assertThrows(ConfigException.class,
                () -> parse(off, Map.of("dpop-nonce", "required"))).parameter());
    }

    private static GateConfig parse(Map<String, String> base, Map<String, String> more) {
        Map<String, String> all = new java.util.HashMap<>(base);
        all.putAll(more);
        return Parameters.parse(all, Placeholders.system()).build();
    }

    @Test
    void theNonceOfASlotIsTheSameForTheSameSecretAndClock() {
        MutableClock clock = MutableClock.startingNow();
        DpopNonces one = new DpopNonces(SECRET, Duration.ofMinutes(1), clock);
        DpopNonces two = new DpopNonces(SECRET, Duration.ofMinutes(1), clock);
        assertEquals(one.current(), two.current());
        assertTrue(two.accepts(one.current()));
        assertFalse(new DpopNonces(SECRET + "x", Duration.ofMinutes(1), clock).accepts(one.current()));
        assertFalse(one.accepts(""));
    }
}
