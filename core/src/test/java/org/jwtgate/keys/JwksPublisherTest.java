package org.jwtgate.keys;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jose4j.json.JsonUtil;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jwtgate.LogCapture;
import org.jwtgate.keys.internal.Thumbprint;
import org.jwtgate.tenant.TenantId;
import org.jwtgate.testing.MutableClock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The publishing contract at the engine: every response decided in core, for any adapter. */
class JwksPublisherTest {
    private static final String PASSWORD = "publisher-test";
    private static final TenantId ACME = TenantId.of("acme");
    private static final Base64.Decoder URL = Base64.getUrlDecoder();

    @TempDir
    static Path shared;

    static final MutableClock CLOCK = MutableClock.startingNow();
    /** One publisher per generated key type, each with tenant acme; plus a read-only key store with an HMAC key. */
    static final Map<String, JwksPublisher> PUBLISHERS = new LinkedHashMap<>();

    static PublisherConfig.Builder config(Path dir) {
        return PublisherConfig.builder().managed(dir, PASSWORD).issuer("https://auth.example.com/t/{tenant}").clock(CLOCK);
    }

    @BeforeAll
    static void publishers() throws Exception {
        for (KeyType type : KeyType.values()) {
            PublisherConfig c = config(shared.resolve(type.configName())).keyType(type)
                    .kidStyle(type == KeyType.EC_P256 ? KidStyle.THUMBPRINT : KidStyle.UUID).tenants(List.of(ACME)).build();
            PUBLISHERS.put(type.configName(), JwksPublisher.create(c));
        }
        KeyPairGenerator p521 = KeyPairGenerator.getInstance("EC");
        p521.initialize(new ECGenParameterSpec("secp521r1"));
        KeyPair rsa = KeyType.RSA_2048.generate(KeystoreFiles.RANDOM);
        Path file = new KeystoreFiles("PKCS12", PASSWORD)
                .key("acme", rsa, CLOCK.instant().minusSeconds(5))
                .key("acme.p521", p521.generateKeyPair(), CLOCK.instant().minusSeconds(10))
                .secret("acme.hmac", "a-symmetric-secret-never-published".getBytes())
                .write(shared.resolve("imported.p12"));
        PUBLISHERS.put("keystore", JwksPublisher.create(PublisherConfig.builder().keystore(file, PASSWORD, "PKCS12")
                .issuer("https://auth.example.com/t/{tenant}").clock(CLOCK).build()));
    }

    @AfterAll
    static void close() {
        PUBLISHERS.values().forEach(JwksPublisher::close);
    }

    static JwksPublisher rsa() {
        return PUBLISHERS.get("rsa-2048");
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> keysOf(PublisherResponse r) throws Exception {
        return (List<Map<String, Object>>) JsonUtil.parseJson(r.bodyText()).get("keys");
    }

    // --- what is published -----------------------------------------------------------------------

    @Test
    void noPrivateOrSymmetricMemberIsEverPublishedForAnyKeyType() throws Exception {
        Set<String> seenTypes = new HashSet<>();
        for (Map.Entry<String, JwksPublisher> p : PUBLISHERS.entrySet()) {
            PublisherResponse r = p.getValue().respond(Requests.get("/acme/oauth2/jwks"));
            assertEquals(200, r.status(), p.getKey());
            for (Map<String, Object> jwk : keysOf(r)) {
                for (String forbidden : JwksRenderer.FORBIDDEN_MEMBERS) {
                    assertFalse(jwk.containsKey(forbidden), p.getKey() + " publishes " + forbidden);
                }
                assertNotEquals("oct", jwk.get("kty"));
                assertEquals("sig", jwk.get("use"));
                assertTrue(jwk.get("kid") instanceof String, p.getKey());
                seenTypes.add(jwk.get("kty") + "/" + jwk.get("alg") + "/" + jwk.getOrDefault("crv", ""));
            }
            assertFalse(r.bodyText().contains("a-symmetric-secret"), p.getKey());
        }
        assertEquals(Set.of("RSA/RS256/", "EC/ES256/P-256", "EC/ES384/P-384", "EC/ES512/P-521", "OKP/EdDSA/Ed25519"), seenTypes);
        assertEquals(2, keysOf(PUBLISHERS.get("keystore").respond(Requests.get("/acme/oauth2/jwks"))).size(),
                "the HMAC entry is skipped");
    }

    @Test
    void publicMembersAreExactAndCertificatesMatchTheKey() throws Exception {
        for (Map.Entry<String, JwksPublisher> p : PUBLISHERS.entrySet()) {
            for (Map<String, Object> jwk : keysOf(p.getValue().respond(Requests.get("/acme/oauth2/jwks")))) {
                PublicKey key = PublicJsonWebKey.Factory.newPublicJwk(jwk).getPublicKey();
                switch ((String) jwk.get("kty")) {
                    case "RSA" -> {
                        byte[] n = URL.decode((String) jwk.get("n"));
                        assertNotEquals(0, n[0], "n is minimal");
                        assertEquals((((RSAPublicKey) key).getModulus().bitLength() + 7) / 8, n.length);
                        assertEquals("AQAB", jwk.get("e"), "e is minimal");
                        assertEquals(Set.of("kty", "kid", "use", "alg", "n", "e", "x5c", "x5t", "x5t#S256"), jwk.keySet());
                    }
                    case "EC" -> {
                        int size = (((ECPublicKey) key).getParams().getCurve().getField().getFieldSize() + 7) / 8;
                        assertEquals(size, URL.decode((String) jwk.get("x")).length);
                        assertEquals(size, URL.decode((String) jwk.get("y")).length);
                        assertEquals(Set.of("kty", "kid", "use", "alg", "crv", "x", "y", "x5c", "x5t", "x5t#S256"), jwk.keySet());
                    }
                    default -> {
                        assertEquals(32, URL.decode((String) jwk.get("x")).length);
                        assertEquals(Set.of("kty", "kid", "use", "alg", "crv", "x", "x5c", "x5t", "x5t#S256"), jwk.keySet());
                    }
                }
                @SuppressWarnings("unchecked")
                List<String> x5c = (List<String>) jwk.get("x5c");
                byte[] der = Base64.getDecoder().decode(x5c.get(0)); // standard base64, not url
                assertFalse(x5c.get(0).contains("-") || x5c.get(0).contains("_"));
                X509Certificate cert = (X509Certificate) CertificateFactory.getInstance("X.509")
                        .generateCertificate(new ByteArrayInputStream(der));
                assertEquals(key, cert.getPublicKey(), "x5c[0] carries the published key");
                assertEquals(Base64.getUrlEncoder().withoutPadding().encodeToString(MessageDigest.getInstance("SHA-1").digest(der)),
                        jwk.get("x5t"));
                assertEquals(Base64.getUrlEncoder().withoutPadding().encodeToString(MessageDigest.getInstance("SHA-256").digest(der)),
                        jwk.get("x5t#S256"));
            }
        }
    }

    @Test
    void ecCoordinatesKeepTheirLeadingZeros() throws Exception {
        KeyPair pair;
        do {
            pair = KeyType.EC_P256.generate(KeystoreFiles.RANDOM);
        } while (((ECPublicKey) pair.getPublic()).getW().getAffineX().bitLength() > 248
                && ((ECPublicKey) pair.getPublic()).getW().getAffineY().bitLength() > 248);
        PublishedKey key = new PublishedKey("k", "ES256", KeyState.ACTIVE, pair.getPublic(), List.of(), CLOCK.instant(),
                Optional.empty());
        Map<String, Object> jwk = JwksRenderer.jwk(key);
        assertEquals(32, URL.decode((String) jwk.get("x")).length);
        assertEquals(32, URL.decode((String) jwk.get("y")).length);
        assertFalse(jwk.containsKey("x5c"), "no certificate, no x5c");
    }

    @Test
    void thumbprintKidsAreRfc7638AndKidsAreUnique() throws Exception {
        JwksPublisher p = PUBLISHERS.get("ec-p256");
        p.store().rotate(ACME);
        List<Map<String, Object>> keys = keysOf(p.respond(Requests.get("/acme/oauth2/jwks")));
        assertEquals(2, keys.size());
        for (Map<String, Object> jwk : keys) {
            assertEquals(Thumbprint.of(PublicJsonWebKey.Factory.newPublicJwk(jwk).getPublicKey()), jwk.get("kid"));
        }
        for (JwksPublisher any : PUBLISHERS.values()) {
            List<Object> kids = new ArrayList<>();
            keysOf(any.respond(Requests.get("/acme/oauth2/jwks"))).forEach(k -> kids.add(k.get("kid")));
            assertEquals(kids.size(), new HashSet<>(kids).size());
        }
    }

    @Test
    void theScanRefusesEveryPrivateOrSymmetricMember() {
        for (String member : List.of("d", "p", "q", "dp", "dq", "qi", "oth", "k")) {
            Map<String, Object> jwk = new LinkedHashMap<>(Map.of("kty", "RSA", "kid", "a", "n", "AQAB", "e", "AQAB"));
            jwk.put(member, "AAAA");
            UnsafeJwksException e = assertThrows(UnsafeJwksException.class, () -> JwksRenderer.scan(Map.of("keys", List.of(jwk))));
            assertTrue(e.getMessage().contains("'" + member + "'"), e.getMessage());
            assertFalse(e.getMessage().contains("AAAA"));
        }
        assertThrows(UnsafeJwksException.class, () -> JwksRenderer.scan(Map.of("keys", List.of(Map.of("kty", "oct", "kid", "a")))));
        assertThrows(UnsafeJwksException.class, () -> JwksRenderer.scan(Map.of("keys", List.of(Map.of("kty", "RSA")))));
        assertThrows(UnsafeJwksException.class, () -> JwksRenderer.scan(Map.of("keys", List.of(
                Map.of("kty", "EC", "kid", "a"), Map.of("kty", "EC", "kid", "a")))));
    }

    @Test
    void aKeySetFailingTheScanIsNeverServedAnd503IsAnswered() throws Exception {
        PublishedKey k = rsa().store().keys(ACME).orElseThrow().get(0);
        TenantKeyStore duplicating = new TenantKeyStore() {
            @Override public Optional<List<PublishedKey>> keys(TenantId t) { return Optional.of(List.of(k, k)); }
            @Override public SigningKey signingKey(TenantId t) { throw new UnknownTenantException(t); }
            @Override public boolean ensureTenant(TenantId t) { return false; }
            @Override public PublishedKey rotate(TenantId t) { throw new UnsupportedOperationException(); }
            @Override public Set<TenantId> tenants() { return Set.of(ACME); }
        };
        try (LogCapture log = new LogCapture()) {
            PublisherResponse r = JwksPublisher.create(rsa().config(), duplicating).respond(Requests.get("/acme/oauth2/jwks"));
            assertEquals(503, r.status());
            assertEquals("{\"error\":\"temporarily_unavailable\"}", r.bodyText());
            assertTrue(log.all().contains("SEVERE") && log.all().contains("NOT published"), log.all());
        }
    }

    // --- HTTP semantics --------------------------------------------------------------------------

    @Test
    void getAnswersJsonWithCachingAndCorsHeaders() {
        PublisherResponse r = rsa().respond(Requests.get("/acme/oauth2/jwks"));
        assertEquals(200, r.status());
        assertEquals("application/json", r.header("Content-Type"));
        assertEquals("public, max-age=3600", r.header("Cache-Control"));
        assertTrue(r.header("ETag").matches("\"[A-Za-z0-9_-]{32}\""), r.header("ETag"));
        assertEquals("*", r.header("Access-Control-Allow-Origin"));
        assertEquals("Accept", r.header("Vary"));
        assertEquals(Integer.toString(r.body().length), r.header("Content-Length"));
        assertEquals(r.header("ETag"), rsa().respond(Requests.get("/acme/oauth2/jwks")).header("ETag"), "stable");
    }

    @Test
    void headSendsTheHeadersOfGetWithoutBody() {
        PublisherResponse get = rsa().respond(Requests.get("/acme/oauth2/jwks"));
        PublisherResponse head = rsa().respond(Requests.of("HEAD", "/acme/oauth2/jwks"));
        assertEquals(200, head.status());
        assertEquals(0, head.body().length);
        assertEquals(get.headers(), head.headers());
    }

    @Test
    void ifNoneMatchGives304() {
        String etag = rsa().respond(Requests.get("/acme/oauth2/jwks")).header("ETag");
        for (String inm : List.of(etag, "W/" + etag, "\"other\", " + etag, "*")) {
            PublisherResponse r = rsa().respond(Requests.get("/acme/oauth2/jwks").header("If-None-Match", inm));
            assertEquals(304, r.status(), inm);
            assertEquals(0, r.body().length);
            assertEquals(etag, r.header("ETag"));
            assertEquals("public, max-age=3600", r.header("Cache-Control"));
        }
        assertEquals(200, rsa().respond(Requests.get("/acme/oauth2/jwks").header("If-None-Match", "\"stale\"")).status());
    }

    @Test
    void jwkSetMediaTypeWhenTheClientPrefersIt() {
        Map<String, String> cases = new LinkedHashMap<>();
        cases.put("application/jwk-set+json", JwksPublisher.JWK_SET_JSON);
        cases.put("application/jwk-set+json, application/json;q=0.5", JwksPublisher.JWK_SET_JSON);
        cases.put("application/jwk-set+json, */*", JwksPublisher.JWK_SET_JSON);
        cases.put("application/json, application/jwk-set+json;q=0.9", JwksPublisher.JSON);
        cases.put("application/json, application/jwk-set+json", JwksPublisher.JSON);
        cases.put("application/jwk-set+json;q=0", JwksPublisher.JSON);
        cases.put("*/*", JwksPublisher.JSON);
        cases.forEach((accept, type) -> {
            PublisherResponse r = rsa().respond(Requests.get("/acme/oauth2/jwks").header("Accept", accept));
            assertEquals(type, r.header("Content-Type"), accept);
        });
        String a = rsa().respond(Requests.get("/acme/oauth2/jwks")).header("ETag");
        String b = rsa().respond(Requests.get("/acme/oauth2/jwks").header("Accept", JwksPublisher.JWK_SET_JSON)).header("ETag");
        assertNotEquals(a, b, "one strong validator per representation");
    }

    @Test
    void optionsAnswersTheCorsPreflight() {
        PublisherResponse r = rsa().respond(Requests.of("OPTIONS", "/acme/oauth2/jwks").header("Origin", "https://app.example")
                .header("Access-Control-Request-Method", "GET"));
        assertEquals(204, r.status());
        assertEquals("*", r.header("Access-Control-Allow-Origin"));
        assertEquals("GET, HEAD, OPTIONS", r.header("Access-Control-Allow-Methods"));
        assertEquals("GET, HEAD, OPTIONS", r.header("Allow"));
        assertEquals("86400", r.header("Access-Control-Max-Age"));
        assertEquals(0, r.body().length);
    }

    @Test
    void otherMethodsGet405WithAllow() {
        for (String m : List.of("POST", "PUT", "DELETE", "PATCH", "TRACE", "CONNECT", "get", "PROPFIND")) {
            PublisherResponse r = rsa().respond(Requests.of(m, "/acme/oauth2/jwks"));
            assertEquals(405, r.status(), m);
            assertEquals("GET, HEAD, OPTIONS", r.header("Allow"));
            assertEquals("no-store", r.header("Cache-Control"));
        }
    }

    @Test
    void unknownOrIllFormedTenantsAndOtherPathsGet404WithoutEcho() {
        List<String> paths = List.of("/nobody/oauth2/jwks", "/..%2F..%2Fetc/oauth2/jwks", "/../../etc/oauth2/jwks",
                "/%00/oauth2/jwks", "/\u0000/oauth2/jwks", "/" + "A".repeat(300) + "/oauth2/jwks", "/Acme/oauth2/jwks",
                "/acme/oauth2/jwks/", "/acme", "/acme/", "/", "", "/acme/oauth2/JWKS", "/acme/.well-known/jwks.json",
                "//oauth2/jwks", "/a" + "/x".repeat(500));
        for (String path : paths) {
            PublisherResponse r = rsa().respond(Requests.get(path));
            assertEquals(404, r.status(), path);
            assertEquals("{\"error\":\"not_found\"}", r.bodyText());
            assertEquals("no-store", r.header("Cache-Control"));
        }
        assertNull(rsa().respond(Requests.of("POST", "/nobody/x")).header("Allow"), "404 before 405");
        assertFalse(Files.exists(shared.resolve("rsa-2048").resolve("nobody.p12")), "a GET never creates a tenant");
    }

    @Test
    void discoveryNamesTheIssuerAndItsKeys() throws Exception {
        PublisherResponse r = rsa().respond(Requests.get("/acme/.well-known/openid-configuration"));
        assertEquals(200, r.status());
        assertEquals("application/json", r.header("Content-Type"));
        Map<String, Object> doc = JsonUtil.parseJson(r.bodyText());
        assertEquals("https://auth.example.com/t/acme", doc.get("issuer"));
        assertEquals("https://auth.example.com/t/acme/oauth2/jwks", doc.get("jwks_uri"));
        assertEquals(List.of("RS256"), doc.get("id_token_signing_alg_values_supported"));
        assertFalse(doc.containsKey("authorization_endpoint") || doc.containsKey("response_types_supported"),
                "without the application's endpoints no member claims what nobody serves");
        assertEquals(404, rsa().respond(Requests.get("/nobody/.well-known/openid-configuration")).status());
    }

    @Test
    void authorizationServerMetadataHoldsWhatRfc8414RequiresAndNothingUntrueWithoutEndpoints() throws Exception {
        PublisherResponse r = rsa().respond(Requests.get("/acme/.well-known/oauth-authorization-server"));
        assertEquals(200, r.status());
        assertEquals("application/json", r.header("Content-Type"));
        Map<String, Object> doc = JsonUtil.parseJson(r.bodyText());
        assertEquals(List.of("issuer", "jwks_uri", "response_types_supported", "grant_types_supported"), List.copyOf(doc.keySet()));
        assertEquals("https://auth.example.com/t/acme", doc.get("issuer"));
        assertEquals("https://auth.example.com/t/acme/oauth2/jwks", doc.get("jwks_uri"));
        assertEquals(List.of(), doc.get("response_types_supported"));
        assertEquals(List.of(), doc.get("grant_types_supported"), "not the default authorization_code and implicit");
        assertEquals(404, rsa().respond(Requests.get("/nobody/.well-known/oauth-authorization-server")).status());
    }

    @Test
    void withTheApplicationsEndpointsBothDocumentsAreCompleteForEachTenant(@TempDir Path dir) throws Exception {
        try (JwksPublisher p = JwksPublisher.create(config(dir).keyType(KeyType.EC_P256)
                .authorizationEndpoint("https://login.example.com/{tenant}/authorize")
                .tokenEndpoint("https://login.example.com/{tenant}/token").tenants(List.of(ACME)).build())) {
            Map<String, Object> oidc = JsonUtil.parseJson(p.respond(Requests.get("/acme/.well-known/openid-configuration")).bodyText());
            // OpenID Connect Discovery 1.0 §3 REQUIRED members
            assertEquals("https://auth.example.com/t/acme", oidc.get("issuer"));
            assertEquals("https://login.example.com/acme/authorize", oidc.get("authorization_endpoint"));
            assertEquals("https://login.example.com/acme/token", oidc.get("token_endpoint"));
            assertEquals("https://auth.example.com/t/acme/oauth2/jwks", oidc.get("jwks_uri"));
            assertEquals(List.of("code"), oidc.get("response_types_supported"));
            assertEquals(List.of("public"), oidc.get("subject_types_supported"));
            assertEquals(List.of("ES256"), oidc.get("id_token_signing_alg_values_supported"));
            Map<String, Object> as = JsonUtil.parseJson(p.respond(Requests.get("/acme/.well-known/oauth-authorization-server")).bodyText());
            assertEquals("https://login.example.com/acme/authorize", as.get("authorization_endpoint"));
            assertEquals("https://login.example.com/acme/token", as.get("token_endpoint"));
            assertEquals(List.of("code"), as.get("response_types_supported"));
            assertEquals(List.of("authorization_code"), as.get("grant_types_supported"));
        }
        try (JwksPublisher p = JwksPublisher.create(config(dir).keyType(KeyType.EC_P256)
                .tokenEndpoint("https://login.example.com/{tenant}/token").tenants(List.of(ACME)).build())) {
            Map<String, Object> as = JsonUtil.parseJson(p.respond(Requests.get("/acme/.well-known/oauth-authorization-server")).bodyText());
            assertEquals(List.of(), as.get("response_types_supported"));
            assertEquals(List.of("client_credentials"), as.get("grant_types_supported"));
            assertFalse(as.containsKey("authorization_endpoint"));
            Map<String, Object> oidc = JsonUtil.parseJson(p.respond(Requests.get("/acme/.well-known/openid-configuration")).bodyText());
            assertFalse(oidc.containsKey("subject_types_supported"), "not complete without an authorization endpoint");
        }
    }

    @Test
    void tenantsByHostNameBelowTheConfiguredDomainOnly(@TempDir Path dir) {
        try (JwksPublisher p = JwksPublisher.create(config(dir).keyType(KeyType.EC_P256).tenantFrom(PublisherConfig.TenantFrom.HOST)
                .hostDomain("auth.example.com").issuer("https://{tenant}.auth.example.com").discovery(false).cors(false)
                .tenants(List.of(ACME)).build())) {
            PublisherResponse ok = p.respond(Requests.get("/oauth2/jwks").host("ACME.auth.example.com:8443"));
            assertEquals(200, ok.status());
            assertNull(ok.header("Access-Control-Allow-Origin"), "cors=false");
            for (String host : List.of("evil.example.com", "acme.auth.example.com.evil.com", "auth.example.com", "a.b.auth.example.com",
                    "..auth.example.com", "[::1]", "nobody.auth.example.com")) {
                assertEquals(404, p.respond(Requests.get("/oauth2/jwks").host(host)).status(), host);
            }
            assertEquals(404, p.respond(Requests.get("/oauth2/jwks")).status(), "no Host");
            assertEquals(404, p.respond(Requests.get("/.well-known/openid-configuration").host("acme.auth.example.com")).status(),
                    "discovery=false");
        }
    }

    @Test
    void autoCreateIsAnExplicitOptIn(@TempDir Path dir) {
        try (JwksPublisher p = JwksPublisher.create(config(dir).keyType(KeyType.EC_P256).autoCreate(true).build())) {
            assertEquals(200, p.respond(Requests.get("/fresh/oauth2/jwks")).status());
            assertTrue(Files.exists(dir.resolve("fresh.p12")));
            assertEquals(404, p.respond(Requests.get("/Fresh/oauth2/jwks")).status());
        }
    }

    @Test
    void anUnreadableTenantGets503AndOthersAreServed(@TempDir Path dir) throws Exception {
        try (JwksPublisher p = JwksPublisher.create(config(dir).keyType(KeyType.EC_P256)
                .tenants(List.of(ACME, TenantId.of("globex"))).build())) {
            Files.write(dir.resolve("acme.p12"), new byte[] {0x30, (byte) 0x82, 0x01});
            try (LogCapture log = new LogCapture()) {
                PublisherResponse r = p.respond(Requests.get("/acme/oauth2/jwks"));
                assertEquals(503, r.status());
                assertEquals("60", r.header("Retry-After"));
                assertEquals("no-store", r.header("Cache-Control"));
                assertEquals(200, p.respond(Requests.get("/globex/oauth2/jwks")).status());
                assertTrue(log.all().contains("acme.p12"), log.all());
            }
        }
    }

    @Test
    void theRenderedSetIsCachedUntilTheKeysChange() throws Exception {
        JwksPublisher p = PUBLISHERS.get("ed25519");
        String before = p.respond(Requests.get("/acme/oauth2/jwks")).header("ETag");
        p.store().rotate(ACME);
        PublisherResponse after = p.respond(Requests.get("/acme/oauth2/jwks"));
        assertNotEquals(before, after.header("ETag"));
        assertEquals(2, keysOf(after).size());
        assertEquals(p.jwks(ACME).orElseThrow(), after.bodyText());
        assertArrayEquals(after.body(), p.respond(Requests.get("/acme/oauth2/jwks")).body());
    }

    @Test
    void nAndEAreMinimalEvenForAnUnusualExponent() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(new java.security.spec.RSAKeyGenParameterSpec(2048, BigInteger.valueOf(65539)));
        PublicKey k = g.generateKeyPair().getPublic();
        Map<String, Object> jwk = JwksRenderer.jwk(new PublishedKey("k", "RS256", KeyState.ACTIVE, k, List.of(), CLOCK.instant(),
                Optional.empty()));
        assertArrayEquals(BigInteger.valueOf(65539).toByteArray(), URL.decode((String) jwk.get("e")));
    }
}
