package org.jwtgate.filter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jose4j.json.JsonUtil;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jwtgate.testing.LocalIssuer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * RFC 9728 Protected Resource Metadata served by {@link ProtectedResourceMetadataServlet} beside the
 * filter and the JWKS servlet on a real Jetty 12, over HTTP: one configuration (the {@code jwtgate.*}
 * context-params) for the document and the filter's challenges.
 */
class ProtectedResourceMetadataServletTest {
    private static final String WELL_KNOWN = "/.well-known/oauth-protected-resource";

    @TempDir
    static Path work;

    static LocalIssuer issuer;
    static TestServer server;
    static String base;

    private static Map<String, String> shared(String resource) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("jwtgate.issuers", issuer.issuer());
        p.put("jwtgate.audiences", "orders-api");
        p.put("jwtgate.resource-identifier", resource);
        return p;
    }

    private static WebXml app(Map<String, String> contextParams) {
        return new WebXml().contextParams(contextParams).filter(Map.of())
                .servlet("echo", EchoServlet.class, "/*")
                .servlet("resource-metadata", ProtectedResourceMetadataServlet.class, WELL_KNOWN + "/*");
    }

    @BeforeAll
    static void start() {
        issuer = LocalIssuer.start();
        server = new TestServer();
        base = "http://127.0.0.1:" + server.port();
        Map<String, String> signed = shared("https://api.example.com/orders");
        signed.put("jwtgate.dpop", "allowed");
        signed.put("jwtgate.dpop-algs", "ES256 PS256");
        signed.put("jwtgate.public-origin", "https://api.example.com");
        signed.put("jwtgate.resource-scopes", "orders:read orders:write");
        signed.put("jwtgate.resource-metadata-signing-tenant", "acme");
        signed.put("jwtgate.excluded-paths", "/t/*");
        Map<String, String> publisher = new LinkedHashMap<>();
        publisher.put("key-directory", work.resolve("keys").toString());
        publisher.put("key-password", "changeit");
        publisher.put("issuer", base + "/b/t/{tenant}");
        publisher.put("tenants", "acme");
        server.add("/a", app(shared("https://api.example.com/")), work.resolve("a"))
                .add("/b", app(signed).servlet("jwks", JwksServlet.class, publisher, "/t/*"), work.resolve("b"))
                .start();
    }

    @AfterAll
    static void stop() {
        server.close();
        issuer.close();
    }

    private static HttpResponse<String> get(String path) {
        return TestServer.send(server.request(path));
    }

    private static Map<String, Object> json(HttpResponse<String> r) throws Exception {
        return JsonUtil.parseJson(r.body());
    }

    @Test
    void servesTheDocumentAtTheRootFormWithoutAToken() throws Exception {
        HttpResponse<String> r = get("/a" + WELL_KNOWN);
        assertEquals(200, r.statusCode(), r.body());
        assertEquals("application/json", r.headers().firstValue("Content-Type").orElseThrow());
        assertEquals("public, max-age=300", r.headers().firstValue("Cache-Control").orElseThrow());
        assertTrue(r.headers().firstValue("ETag").isPresent());
        Map<String, Object> doc = json(r);
        assertEquals("https://api.example.com/", doc.get("resource"));
        assertEquals(List.of(issuer.issuer()), doc.get("authorization_servers"));
        assertEquals(List.of("header"), doc.get("bearer_methods_supported"));
        assertEquals(false, doc.get("dpop_bound_access_tokens_required"));
        assertEquals(false, doc.get("tls_client_certificate_bound_access_tokens"));
        assertFalse(doc.containsKey("dpop_signing_alg_values_supported"));
        assertFalse(doc.containsKey("scopes_supported"));
        assertFalse(doc.containsKey("signed_metadata"));
    }

    @Test
    void servesThePathSuffixedFormWithTheEnginesDpopSettings() throws Exception {
        Map<String, Object> doc = json(get("/b" + WELL_KNOWN + "/orders"));
        assertEquals("https://api.example.com/orders", doc.get("resource"));
        assertEquals(List.of("orders:read", "orders:write"), doc.get("scopes_supported"));
        assertEquals(List.of("ES256", "PS256"), doc.get("dpop_signing_alg_values_supported"));
        assertEquals(false, doc.get("dpop_bound_access_tokens_required"));
        assertEquals(base + "/b/t/acme/oauth2/jwks", doc.get("jwks_uri"));
        // The root form is not this resource's metadata: the filter guards it like any other path.
        assertEquals(401, get("/b" + WELL_KNOWN).statusCode());
    }

    @Test
    void theHostHeaderChangesNothing() {
        RawHttp.Response evil = RawHttp.get(server.port(), "/a" + WELL_KNOWN, "evil.example");
        RawHttp.Response plain = RawHttp.get(server.port(), "/a" + WELL_KNOWN, "127.0.0.1");
        assertEquals(200, evil.status());
        assertEquals(plain.body(), evil.body());
        assertFalse(evil.body().contains("evil"));
    }

    @Test
    void onlyGetAndHeadAreAnswered() {
        for (String method : List.of("POST", "PUT", "DELETE", "OPTIONS", "PATCH")) {
            // A client of its own per request: the server may close a connection whose body it did not read, and a
            // shared client would send the next request on it (a broken pipe, not the answer under test).
            HttpResponse<String> r = sendAlone(server.request("/a" + WELL_KNOWN)
                    .method(method, HttpRequest.BodyPublishers.ofString("{\"resource\":\"<script>\"}")));
            assertEquals(405, r.statusCode(), method);
            assertEquals("GET, HEAD", r.headers().firstValue("Allow").orElseThrow(), method);
            assertEquals("{\"error\":\"method_not_allowed\"}", r.body(), method);
        }
        HttpResponse<String> head = TestServer.send(server.request("/a" + WELL_KNOWN).method("HEAD",
                HttpRequest.BodyPublishers.noBody()));
        assertEquals(200, head.statusCode());
        assertEquals("", head.body());
        assertEquals(get("/a" + WELL_KNOWN).body().length(),
                Integer.parseInt(head.headers().firstValue("Content-Length").orElseThrow()));
    }

    private static HttpResponse<String> sendAlone(HttpRequest.Builder request) {
        try {
            return java.net.http.HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aCurrentEntityTagIsAnswered304() {
        String etag = get("/a" + WELL_KNOWN).headers().firstValue("ETag").orElseThrow();
        HttpResponse<String> r = TestServer.send(server.request("/a" + WELL_KNOWN).header("If-None-Match", etag));
        assertEquals(304, r.statusCode());
        assertEquals("", r.body());
    }

    @Test
    void everyChallengeOfTheFilterNamesTheMetadata() {
        String url = "resource_metadata=\"https://api.example.com/.well-known/oauth-protected-resource/orders\"";
        HttpResponse<String> none = get("/b/orders");
        assertEquals(401, none.statusCode());
        assertEquals("Bearer realm=\"jwtgate\", " + url + ", DPoP realm=\"jwtgate\", algs=\"ES256 PS256\", " + url,
                none.headers().firstValue("WWW-Authenticate").orElseThrow());
        HttpResponse<String> bad = TestServer.send(server.request("/b/orders").header("Authorization", "Bearer not.a.jwt"));
        assertEquals(401, bad.statusCode());
        String challenge = bad.headers().firstValue("WWW-Authenticate").orElseThrow();
        assertTrue(challenge.startsWith("Bearer realm=\"jwtgate\", " + url + ", error=\"invalid_token\""), challenge);
        HttpResponse<String> dpop = TestServer.send(server.request("/b/orders").header("Authorization", "DPoP not.a.jwt"));
        String dpopChallenge = dpop.headers().firstValue("WWW-Authenticate").orElseThrow();
        assertTrue(dpopChallenge.contains("DPoP realm=\"jwtgate\", algs=\"ES256 PS256\", " + url + ", error="), dpopChallenge);
        // Root form: the metadata URL has no path after the suffix (RFC 9728 §3.1, the trailing slash removed).
        assertEquals("Bearer realm=\"jwtgate\", resource_metadata=\"https://api.example.com/.well-known/oauth-protected-resource\"",
                get("/a/orders").headers().firstValue("WWW-Authenticate").orElseThrow());
    }

    @Test
    void signedMetadataVerifiesWithTheTenantsPublishedKeys() throws Exception {
        Map<String, Object> doc = json(get("/b" + WELL_KNOWN + "/orders"));
        String jwt = (String) doc.get("signed_metadata");
        assertNotNull(jwt);
        JsonWebKeySet keys = new JsonWebKeySet(get("/b/t/acme/oauth2/jwks").body());
        JsonWebSignature jws = new JsonWebSignature();
        jws.setCompactSerialization(jwt);
        JsonWebKey key = keys.findJsonWebKey(jws.getKeyIdHeaderValue(), null, null, null);
        assertNotNull(key, "the signing key is in the tenant's published JWKS");
        jws.setKey(key.getKey());
        assertTrue(jws.verifySignature());
        assertEquals("JWT", jws.getHeader("typ"));
        JwtClaims claims = JwtClaims.parse(jws.getPayload());
        assertEquals(base + "/b/t/acme", claims.getIssuer());
        for (String member : List.of("resource", "authorization_servers", "jwks_uri", "scopes_supported",
                "bearer_methods_supported", "dpop_signing_alg_values_supported", "dpop_bound_access_tokens_required",
                "tls_client_certificate_bound_access_tokens")) {
            assertEquals(doc.get(member), claims.getClaimValue(member), member);
        }
        assertNull(claims.getClaimValue("signed_metadata"));
        // The same signature until it is due again: the document is stable, so its ETag is.
        assertEquals(get("/b" + WELL_KNOWN + "/orders").headers().firstValue("ETag"),
                get("/b" + WELL_KNOWN + "/orders").headers().firstValue("ETag"));
    }

    private Throwable deploy(WebXml webXml, String name) throws Exception {
        return TestServer.deploy(webXml, work.resolve(name));
    }

    private static String messages(Throwable failure) {
        StringBuilder m = new StringBuilder();
        for (Throwable t = failure; t != null; t = t.getCause()) {
            m.append(t.getMessage()).append('\n');
        }
        return m.toString();
    }

    @Test
    void aResourceIdentifierThatIsNotAnHttpsUrlFailsTheDeployment() throws Exception {
        for (String bad : List.of("http://api.example.com", "https://api.example.com/x#frag", "api.example.com",
                "https://api.example.com/?tenant=1")) {
            Throwable failure = deploy(app(shared(bad)), "bad-" + Integer.toHexString(bad.hashCode()));
            assertNotNull(failure, bad);
            assertTrue(messages(failure).contains("resource-identifier"), messages(failure));
        }
    }

    /** Without {@code load-on-startup}: the listener builds the servlet's metadata when the application starts. */
    @Test
    void theServletWithoutAResourceIdentifierFailsTheDeployment() throws Exception {
        Map<String, String> params = shared("https://api.example.com");
        params.remove("jwtgate.resource-identifier");
        Throwable failure = deploy(app(params).listener(JwtGateListener.class.getName()), "no-resource");
        assertNotNull(failure);
        assertTrue(messages(failure).contains("resource-identifier"), messages(failure));
        assertNull(deploy(app(shared("https://api.example.com")), "good"));
    }
}
