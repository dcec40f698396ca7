package org.jwtgate.mtls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jwtgate.Decision;
import org.jwtgate.GateFixture;
import org.jwtgate.Outcome;
import org.jwtgate.TestRequest;
import org.jwtgate.config.ConfigException;
import org.jwtgate.config.DpopMode;
import org.jwtgate.config.GateConfig;
import org.jwtgate.config.MtlsMode;
import org.jwtgate.config.Parameters;
import org.jwtgate.error.ErrorResponse;
import org.jwtgate.error.Reason;
import org.jwtgate.testing.DpopProofs;
import org.jwtgate.testing.TestCertificates;
import org.jwtgate.testing.TestKeys;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Certificate-bound tokens (RFC 8705 §3) at the engine every adapter calls. */
class MtlsEngineTest {
    private static final String URL = "https://api.example.com/api/orders";
    private static final TestCertificates.Authority CA = TestCertificates.authority("engine test CA");
    private static final TestCertificates.Issued ALICE = CA.issue("alice");
    private static final TestCertificates.Issued BOB = CA.issue("bob");
    private static GateFixture allowed;
    private static GateFixture required;
    private static GateFixture proxied;

    @BeforeAll
    static void start() {
        allowed = GateFixture.start(b -> { });
        required = GateFixture.withIssuer(allowed.issuer, b -> b.mtlsBoundTokens(MtlsMode.REQUIRED));
        proxied = GateFixture.withIssuer(allowed.issuer, b -> b.clientCertTrustedProxies(
                List.of(AddressRange.parse("10.0.0.5"), AddressRange.parse("192.168.0.0/24"))));
    }

    @AfterAll
    static void stop() {
        proxied.gate.close();
        required.gate.close();
        allowed.close();
    }

    private static String boundTo(GateFixture f, TestCertificates.Issued client) {
        return f.minter().claim("cnf", TestCertificates.confirmation(client.certificate())).sign();
    }

    private static Outcome outcome(GateFixture f, TestRequest r) {
        return f.gate.authenticate("/api/orders", r);
    }

    private static void assertRejected(Reason reason, Outcome o) {
        Outcome.Rejected r = assertInstanceOf(Outcome.Rejected.class, o, () -> "expected " + reason + ", got " + o);
        assertEquals(reason, r.reason());
    }

    private static void assertAccepted(Outcome o) {
        assertEquals("alice", assertInstanceOf(Outcome.Authenticated.class, o, o::toString).principal().getName());
    }

    @Test
    void boundTokenIsAcceptedOnlyWithItsCertificate() {
        String token = boundTo(allowed, ALICE);
        assertAccepted(outcome(allowed, TestRequest.bearer(token).clientCertificate(ALICE.certificate())));
        assertRejected(Reason.MTLS_CERTIFICATE_MISMATCH, outcome(allowed, TestRequest.bearer(token).clientCertificate(BOB.certificate())));
        assertRejected(Reason.MTLS_CERTIFICATE_MISSING, outcome(allowed, TestRequest.bearer(token)));
        assertRejected(Reason.MTLS_CERTIFICATE_MISSING, allowed.validate(token));
        // unbound tokens are accepted with or without a certificate
        String plain = allowed.minter().sign();
        assertAccepted(outcome(allowed, TestRequest.bearer(plain)));
        assertAccepted(outcome(allowed, TestRequest.bearer(plain).clientCertificate(BOB.certificate())));
    }

    @Test
    void theCertificateIsCheckedOnEveryRequestThoughTheTokenComesFromTheCache() {
        String token = boundTo(allowed, ALICE);
        assertAccepted(outcome(allowed, TestRequest.bearer(token).clientCertificate(ALICE.certificate())));
        long hits = allowed.gate.tokenCacheStats().hits();
        assertRejected(Reason.MTLS_CERTIFICATE_MISMATCH, outcome(allowed, TestRequest.bearer(token).clientCertificate(BOB.certificate())));
        assertRejected(Reason.MTLS_CERTIFICATE_MISSING, outcome(allowed, TestRequest.bearer(token)));
        assertAccepted(outcome(allowed, TestRequest.bearer(token).clientCertificate(ALICE.certificate())));
        assertTrue(allowed.gate.tokenCacheStats().hits() >= hits + 3, "the token itself was answered from the cache");
    }

    @Test
    void refusalsAreInvalidTokenWithFixedDescriptions() {
        String token = boundTo(allowed, ALICE);
        ErrorResponse r = assertInstanceOf(Decision.Respond.class, allowed.gate.decide("/api/orders",
                TestRequest.bearer(token).clientCertificate(BOB.certificate()))).response();
        assertEquals(401, r.status());
        assertEquals("Bearer realm=\"jwtgate\", error=\"invalid_token\", error_description=\"The token is bound to another client certificate\"",
                r.headers().get("WWW-Authenticate"));
        for (Reason reason : List.of(Reason.MTLS_BINDING_REQUIRED, Reason.MTLS_CERTIFICATE_MISSING,
                Reason.MTLS_CERTIFICATE_MISMATCH, Reason.MTLS_CERTIFICATE_MALFORMED)) {
            assertEquals(401, reason.status());
            assertEquals("invalid_token", reason.code().code());
        }
    }

    @Test
    void requiredRefusesUnboundTokens() {
        assertRejected(Reason.MTLS_BINDING_REQUIRED, outcome(required, TestRequest.bearer(required.minter().sign())
                .clientCertificate(ALICE.certificate())));
        assertAccepted(outcome(required, TestRequest.bearer(boundTo(required, ALICE)).clientCertificate(ALICE.certificate())));
        assertRejected(Reason.MTLS_CERTIFICATE_MISMATCH, outcome(required, TestRequest.bearer(boundTo(required, ALICE))
                .clientCertificate(BOB.certificate())));
    }

    @Test
    void malformedConfirmationIsAMalformedClaim() {
        for (Object x5t : List.of(42, "", List.of("a"), Map.of("a", "b"), true)) {
            String token = allowed.minter().claim("cnf", Map.of("x5t#S256", x5t)).sign();
            assertRejected(Reason.MALFORMED_CLAIM, outcome(allowed, TestRequest.bearer(token).clientCertificate(ALICE.certificate())));
        }
        String lookalike = allowed.minter().claim("cnf", Map.of("x5t#S256",
                CertificateThumbprint.of(ALICE.certificate()).toUpperCase(java.util.Locale.ROOT))).sign();
        assertRejected(Reason.MTLS_CERTIFICATE_MISMATCH, outcome(allowed, TestRequest.bearer(lookalike).clientCertificate(ALICE.certificate())));
    }

    @Test
    void clientCertHeaderCountsFromATrustedProxyOnly() {
        String token = boundTo(proxied, ALICE);
        String alice = ClientCertHeader.format(ALICE.der());
        TestRequest viaProxy = TestRequest.bearer(token).remoteAddress("10.0.0.5").header("Client-Cert", alice);
        assertAccepted(outcome(proxied, viaProxy));
        assertAccepted(outcome(proxied, TestRequest.bearer(token).remoteAddress("192.168.0.77").header("Client-Cert", alice)));
        // from the proxy, its own TLS certificate is not the client's: only the header counts
        assertRejected(Reason.MTLS_CERTIFICATE_MISSING, outcome(proxied, TestRequest.bearer(token).remoteAddress("10.0.0.5")
                .clientCertificate(ALICE.certificate())));
        assertRejected(Reason.MTLS_CERTIFICATE_MISMATCH, outcome(proxied, TestRequest.bearer(token).remoteAddress("10.0.0.5")
                .header("Client-Cert", ClientCertHeader.format(BOB.der()))));
        assertRejected(Reason.MTLS_CERTIFICATE_MALFORMED, outcome(proxied, TestRequest.bearer(token).remoteAddress("10.0.0.5")
                .header("Client-Cert", "not:base64")));
        assertRejected(Reason.MTLS_CERTIFICATE_MALFORMED, outcome(proxied, TestRequest.bearer(token).remoteAddress("10.0.0.5")
                .header("Client-Cert", alice).header("Client-Cert", alice)));
        // from anyone else the header is never read: the connection's own certificate counts
        for (String other : java.util.Arrays.asList("10.0.0.6", "192.168.1.1", "127.0.0.1", "::1", null, "proxy")) {
            TestRequest forged = TestRequest.bearer(token).remoteAddress(other).header("Client-Cert", alice);
            assertRejected(Reason.MTLS_CERTIFICATE_MISSING, outcome(proxied, forged));
            assertRejected(Reason.MTLS_CERTIFICATE_MISSING, outcome(proxied, TestRequest.bearer(token).remoteAddress(other)
                    .header("Client-Cert", "garbage")));
            assertAccepted(outcome(proxied, TestRequest.bearer(token).remoteAddress(other).header("Client-Cert", "garbage")
                    .clientCertificate(ALICE.certificate())));
        }
        // without trusted proxies (the default) the header is never read
        assertRejected(Reason.MTLS_CERTIFICATE_MISSING, outcome(allowed, TestRequest.bearer(boundTo(allowed, ALICE))
                .remoteAddress("10.0.0.5").header("Client-Cert", alice)));
        // an unbound token does not read the header at all
        assertAccepted(outcome(proxied, TestRequest.bearer(proxied.minter().sign()).remoteAddress("10.0.0.5")
                .header("Client-Cert", "garbage")));
    }

    @Test
    void tokenBoundToAKeyAndACertificateNeedsBoth() {
        PublicJsonWebKey key = TestKeys.ec("P-256");
        GateFixture dpop = GateFixture.withIssuer(allowed.issuer, b -> b.dpop(DpopMode.ALLOWED)
                .publicOrigin(URI.create("https://api.example.com")));
        try {
            String token = dpop.minter().claim("cnf", Map.of("jkt", DpopProofs.thumbprint(key),
                    "x5t#S256", CertificateThumbprint.of(ALICE.certificate()))).sign();
            Consumer<TestRequest> none = r -> { };
            assertAccepted(outcome(dpop, request(token, dpop, key, ALICE, none)));
            assertRejected(Reason.MTLS_CERTIFICATE_MISMATCH, outcome(dpop, request(token, dpop, key, BOB, none)));
            assertRejected(Reason.MTLS_CERTIFICATE_MISSING, outcome(dpop, request(token, dpop, key, null, none)));
            assertRejected(Reason.DPOP_KEY_MISMATCH, outcome(dpop, request(token, dpop, TestKeys.ec("P-256"), ALICE, none)));
            TestRequest noProof = TestRequest.create().header("Authorization", "DPoP " + token).method("GET").url(URL)
                    .clientCertificate(ALICE.certificate());
            assertRejected(Reason.DPOP_PROOF_MISSING, outcome(dpop, noProof));
            assertRejected(Reason.BOUND_TOKEN_AS_BEARER, outcome(dpop, TestRequest.bearer(token).clientCertificate(ALICE.certificate())));
            // a proof sent with the wrong certificate is not spent: it still works with the right one
            String proof = DpopProofs.minter(key, "GET", URL, token, dpop.clock).sign();
            assertRejected(Reason.MTLS_CERTIFICATE_MISMATCH, outcome(dpop, dpopRequest(token, proof).clientCertificate(BOB.certificate())));
            assertAccepted(outcome(dpop, dpopRequest(token, proof).clientCertificate(ALICE.certificate())));
            assertRejected(Reason.DPOP_PROOF_REPLAYED, outcome(dpop, dpopRequest(token, proof).clientCertificate(ALICE.certificate())));
        } finally {
            dpop.gate.close(); // the issuer is shared
        }
    }

    private static TestRequest dpopRequest(String token, String proof) {
        return TestRequest.create().header("Authorization", "DPoP " + token).header("DPoP", proof).method("GET").url(URL);
    }

    private static TestRequest request(String token, GateFixture f, PublicJsonWebKey key, TestCertificates.Issued cert,
            Consumer<TestRequest> more) {
        TestRequest r = dpopRequest(token, DpopProofs.minter(key, "GET", URL, token, f.clock).sign());
        if (cert != null) {
            r.clientCertificate(cert.certificate());
        }
        more.accept(r);
        return r;
    }

    @Test
    void parametersAreParsedAndBadValuesStopTheDeployment() {
        Map<String, String> base = Map.of("issuers", "https://idp.example.com", "audiences", "api");
        GateConfig defaults = GateConfig.fromParameters(base);
        assertEquals(MtlsMode.ALLOWED, defaults.mtlsBoundTokens());
        assertEquals(List.of(), defaults.clientCertTrustedProxies());
        Map<String, String> set = new java.util.HashMap<>(base);
        set.put(Parameters.MTLS_BOUND_TOKENS, "required");
        set.put(Parameters.CLIENT_CERT_TRUSTED_PROXIES, "10.0.0.5, 10.1.0.0/16 fd00::/8");
        GateConfig c = GateConfig.fromParameters(set);
        assertEquals(MtlsMode.REQUIRED, c.mtlsBoundTokens());
        assertEquals("[10.0.0.5, 10.1.0.0/16, fd00::/8]", c.clientCertTrustedProxies().toString());
        for (Map.Entry<String, String> bad : List.of(Map.entry(Parameters.MTLS_BOUND_TOKENS, "off"),
                Map.entry(Parameters.MTLS_BOUND_TOKENS, "REQUIRED"),
                Map.entry(Parameters.CLIENT_CERT_TRUSTED_PROXIES, "proxy.example.com"),
                Map.entry(Parameters.CLIENT_CERT_TRUSTED_PROXIES, "10.0.0.1/8"))) {
            Map<String, String> p = new java.util.HashMap<>(base);
            p.put(bad.getKey(), bad.getValue());
            ConfigException e = org.junit.jupiter.api.Assertions.assertThrows(ConfigException.class, () -> GateConfig.fromParameters(p));
            assertTrue(e.getMessage().contains(bad.getKey()) && e.getMessage().contains(bad.getValue()), e.getMessage());
        }
        assertTrue(!org.jwtgate.config.ValidationPolicy.of(defaults).equals(org.jwtgate.config.ValidationPolicy.of(
                GateConfig.fromParameters(Map.of("issuers", "https://idp.example.com", "audiences", "api",
                        Parameters.MTLS_BOUND_TOKENS, "required")))), "the mode is part of what a token means");
    }
}
