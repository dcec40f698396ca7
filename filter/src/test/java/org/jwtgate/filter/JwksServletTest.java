package org.jwtgate.filter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.spec.SecretKeySpec;
import org.eclipse.jetty.ee10.webapp.WebAppContext;
import org.eclipse.jetty.server.Server;
import org.jose4j.json.JsonUtil;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jwtgate.keys.KeyType;
import org.jwtgate.keys.internal.SelfSignedCertificate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The JWKS servlet declared in web.xml on a real Jetty 12, over HTTP on loopback: the publishing
 * contract as a client sees it, the round trip with the filter, both stores, and deployment errors.
 */
class JwksServletTest {
    private static final String KEYSTORE_PASSWORD_PROPERTY = "jwtgate.test.keystore-password";

    @TempDir
    static Path work;

    static TestServer server;
    static String base;

    private static Map<String, String> managed(String issuerBase) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("key-directory", work.resolve("keys").toString());
        p.put("key-password", "${env:JWTGATE_TEST_NO_SUCH_VARIABLE:changeit}");
        p.put("issuer", issuerBase + "/t/{tenant}");
        p.put("tenants", "acme globex");
        return p;
    }

    private static Map<String, String> brokenStore() {
        Map<String, String> p = managed(base + "/broken");
        p.put("key-directory", work.resolve("broken-keys").toString());
        return p;
    }

    private static Map<String, String> filter(String issuer) {
        return Map.of("issuers", issuer, "audiences", "orders-api", "realm", "orders", "protected-paths", "/api/*");
    }

    @BeforeAll
    static void start() throws Exception {
        server = new TestServer();
        base = "http://127.0.0.1:" + server.port();
        Path keystore = keystoreWithChainAndHmac(work.resolve("imported.p12"), "s3cret-from-sysprop");
        System.setProperty(KEYSTORE_PASSWORD_PROPERTY, "s3cret-from-sysprop");
        Map<String, String> imported = new LinkedHashMap<>();
        imported.put("store", "keystore");
        imported.put("keystore-path", keystore.toString());
        imported.put("keystore-password", "${sys:" + KEYSTORE_PASSWORD_PROPERTY + "}");
        imported.put("issuer", base + "/imported/{tenant}");
        imported.put("tenant-from", "host");
        imported.put("host-domain", "auth.example.test");
        server.add("/auth", new WebXml()
                        .servlet("jwks", JwksServlet.class, managed(base + "/auth"), "/t/*")
                        .servlet("issue", IssueServlet.class, "/issue"), work.resolve("auth"))
                .add("/imported", new WebXml().servlet("jwks", JwksServlet.class, imported, "/oauth2/jwks"),
                        work.resolve("imported"))
                .add("/broken", new WebXml()
                        .filter("failing", FailingHeadersFilter.class.getName(), Map.of(), "/*")
                        .servlet("jwks", JwksServlet.class, brokenStore(), "/t/*"), work.resolve("broken"))
                .add("/api-a", new WebXml().filter(filter(base + "/auth/t/acme")).servlet("echo", EchoServlet.class, "/api/*"),
                        work.resolve("api-a"))
                .add("/api-b", new WebXml().filter(filter(base + "/auth/t/globex")).servlet("echo", EchoServlet.class, "/api/*"),
                        work.resolve("api-b"))
                .start();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
        System.clearProperty(KEYSTORE_PASSWORD_PROPERTY);
    }

    private static HttpResponse<String> get(String path, String... headers) {
        HttpRequest.Builder b = server.request(path);
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return TestServer.send(b);
    }

    private static HttpResponse<String> send(String method, String path, String... headers) {
        HttpRequest.Builder b = server.request(path).method(method, HttpRequest.BodyPublishers.noBody());
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return TestServer.send(b);
    }

    private static String header(HttpResponse<?> r, String name) {
        return r.headers().firstValue(name).orElse(null);
    }

    // --- the round trip ------------------------------------------------------------------------

    @Test
    void aTokenSignedForTenantAIsAcceptedByAFilterTrustingAAndRejectedByOneTrustingB() {
        HttpResponse<String> issued = get("/auth/issue?tenant=acme");
        assertEquals(200, issued.statusCode(), issued.body());
        String token = issued.body();
        HttpResponse<String> a = get("/api-a/api/orders", "Authorization", "Bearer " + token);
        assertEquals(200, a.statusCode(), a.body());
        assertTrue(a.body().contains("\"user\":\"alice\"") && a.body().contains("\"admin\":true"), a.body());
        HttpResponse<String> b = get("/api-b/api/orders", "Authorization", "Bearer " + token);
        assertEquals(401, b.statusCode());
        assertTrue(header(b, "WWW-Authenticate").contains("error=\"invalid_token\""), header(b, "WWW-Authenticate"));
        String globexToken = get("/auth/issue?tenant=globex").body();
        assertEquals(200, get("/api-b/api/orders", "Authorization", "Bearer " + globexToken).statusCode());
        assertEquals(401, get("/api-a/api/orders", "Authorization", "Bearer " + globexToken).statusCode());
    }

    // --- the publishing contract over HTTP --------------------------------------------------------

    @Test
    @SuppressWarnings("unchecked")
    void getServesTheJwkSetWithCachingCorsAndNoPrivateMembers() throws Exception {
        HttpResponse<String> r = get("/auth/t/acme/oauth2/jwks");
        assertEquals(200, r.statusCode());
        assertEquals("application/json", header(r, "Content-Type"));
        assertEquals("public, max-age=3600", header(r, "Cache-Control"));
        assertEquals("*", header(r, "Access-Control-Allow-Origin"));
        assertNotNull(header(r, "ETag"));
        List<Map<String, Object>> keys = (List<Map<String, Object>>) JsonUtil.parseJson(r.body()).get("keys");
        assertEquals(1, keys.size());
        Map<String, Object> jwk = keys.get(0);
        for (String forbidden : List.of("d", "p", "q", "dp", "dq", "qi", "oth", "k")) {
            assertFalse(jwk.containsKey(forbidden), forbidden);
        }
        assertEquals("RSA", jwk.get("kty"));
        assertEquals("RS256", jwk.get("alg"));
        assertEquals("sig", jwk.get("use"));
        X509Certificate cert = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(
                new ByteArrayInputStream(Base64.getDecoder().decode(((List<String>) jwk.get("x5c")).get(0))));
        assertEquals(PublicJsonWebKey.Factory.newPublicJwk(jwk).getPublicKey(), cert.getPublicKey());
    }

    @Test
    void headConditionalGetAndMediaType() {
        HttpResponse<String> get = get("/auth/t/acme/oauth2/jwks");
        HttpResponse<String> head = send("HEAD", "/auth/t/acme/oauth2/jwks");
        assertEquals(200, head.statusCode());
        assertEquals("", head.body());
        assertEquals(header(get, "ETag"), header(head, "ETag"));
        assertEquals(Integer.toString(get.body().getBytes(StandardCharsets.UTF_8).length), header(head, "Content-Length"));
        HttpResponse<String> notModified = get("/auth/t/acme/oauth2/jwks", "If-None-Match", header(get, "ETag"));
        assertEquals(304, notModified.statusCode());
        assertEquals("", notModified.body());
        assertEquals(header(get, "ETag"), header(notModified, "ETag"));
        HttpResponse<String> set = get("/auth/t/acme/oauth2/jwks", "Accept", "application/jwk-set+json");
        assertEquals("application/jwk-set+json", header(set, "Content-Type"));
        assertEquals(get.body(), set.body());
    }

    @Test
    void corsPreflightAndMethodNotAllowed() {
        HttpResponse<String> pre = send("OPTIONS", "/auth/t/acme/oauth2/jwks", "Origin", "https://spa.example",
                "Access-Control-Request-Method", "GET", "Access-Control-Request-Headers", "if-none-match");
        assertEquals(204, pre.statusCode());
        assertEquals("*", header(pre, "Access-Control-Allow-Origin"));
        assertEquals("GET, HEAD, OPTIONS", header(pre, "Access-Control-Allow-Methods"));
        assertTrue(header(pre, "Access-Control-Allow-Headers").contains("If-None-Match"));
        for (String method : List.of("POST", "PUT", "DELETE", "PATCH", "PROPFIND")) {
            HttpResponse<String> r = send(method, "/auth/t/acme/oauth2/jwks");
            assertEquals(405, r.statusCode(), method);
            assertEquals("GET, HEAD, OPTIONS", header(r, "Allow"), method);
            assertEquals("{\"error\":\"method_not_allowed\"}", r.body());
        }
        // Jetty's default descriptor forbids TRACE (403) before the servlet; the servlet would answer 405.
        assertTrue(List.of(403, 405).contains(send("TRACE", "/auth/t/acme/oauth2/jwks").statusCode()));
    }

    private static final List<String> HOSTILE = List.of("/t/nobody/oauth2/jwks", "/t/" + "A".repeat(300) + "/oauth2/jwks",
            "/t/ACME/oauth2/jwks", "/t/acme/oauth2/jwks/extra", "/t/acme", "/t/", "/t/%3Cscript%3E/oauth2/jwks",
            "/t/..%2F..%2Fetc/oauth2/jwks", "/t/%00/oauth2/jwks", "/t/acme%00/oauth2/jwks", "/t/acme%2F..%2Fglobex/oauth2/jwks",
            "/t/%2e%2e/oauth2/jwks", "/t/a%5Cb/oauth2/jwks");
    /** What Jetty 12 refuses itself (Servlet 6 §3.5.2 suspicious URIs) before any servlet runs. */
    private static final List<String> CONTAINER_REFUSES = List.of("%2F", "%00", "%2e%2e", "%5C");

    @Test
    void unknownAndHostileTenantsGet404AndNothingIsEchoedOrCreated() throws Exception {
        for (String path : HOSTILE) {
            HttpResponse<String> r = get("/auth" + path);
            if (CONTAINER_REFUSES.stream().anyMatch(path::contains)) {
                assertEquals(400, r.statusCode(), path);
                continue;
            }
            assertEquals(404, r.statusCode(), path);
            assertEquals("{\"error\":\"not_found\"}", r.body(), path);
            assertEquals("no-store", header(r, "Cache-Control"), path);
        }
        assertNoTenantFilesBut("acme.p12", "globex.p12");
    }

    @Test
    void theServletItselfAnswers404WhenTheContainerLetsSuspiciousUrisThrough() throws Exception {
        Map<String, String> params = managed(base + "/auth");
        params.put("key-directory", work.resolve("lenient-keys").toString());
        try (TestServer lenient = new TestServer().add("/auth", new WebXml().servlet("jwks", JwksServlet.class, params, "/t/*"),
                work.resolve("lenient")).lenientUris().start()) {
            for (String path : HOSTILE) {
                HttpResponse<String> r = TestServer.send(lenient.request("/auth" + path));
                assertEquals(path.contains("%00") ? 400 : 404, r.statusCode(), path); // Jetty never passes a NUL on
                assertFalse(r.body().contains("script") || r.body().contains("etc") || r.body().contains("AAAA"), path);
            }
            assertEquals(200, TestServer.send(lenient.request("/auth/t/acme/oauth2/jwks")).statusCode());
        }
        try (var files = Files.list(work.resolve("lenient-keys"))) {
            assertEquals(List.of("acme.p12", "globex.p12"),
                    files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".p12")).sorted().toList());
        }
    }

    private static void assertNoTenantFilesBut(String... names) throws Exception {
        try (var files = Files.list(work.resolve("keys"))) {
            assertEquals(List.of(names), files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".p12")).sorted().toList());
        }
    }

    @Test
    void discoveryLetsValidatorsFindTheKeysFromTheIssuerAlone() throws Exception {
        HttpResponse<String> r = get("/auth/t/acme/.well-known/openid-configuration");
        assertEquals(200, r.statusCode());
        Map<String, Object> doc = JsonUtil.parseJson(r.body());
        assertEquals(base + "/auth/t/acme", doc.get("issuer"));
        assertEquals(base + "/auth/t/acme/oauth2/jwks", doc.get("jwks_uri"));
        assertEquals(List.of("RS256"), doc.get("id_token_signing_alg_values_supported"));
    }

    // --- the read-only key store, by host name -------------------------------------------------

    @Test
    @SuppressWarnings("unchecked")
    void anExistingKeystoreIsPublishedByHostWithItsChainAndWithoutItsHmacKey() throws Exception {
        String ok = rawGet("/imported/oauth2/jwks", "acme.auth.example.test");
        assertTrue(ok.startsWith("HTTP/1.1 200"), ok);
        String body = ok.substring(ok.indexOf("\r\n\r\n") + 4);
        List<Map<String, Object>> keys = (List<Map<String, Object>>) JsonUtil.parseJson(body).get("keys");
        assertEquals(1, keys.size());
        assertEquals(2, ((List<String>) keys.get(0).get("x5c")).size(), "the certificate chain");
        assertFalse(body.contains("\"k\"") || body.contains("\"oct\""), body);
        assertTrue(rawGet("/imported/oauth2/jwks", "hmac.auth.example.test").startsWith("HTTP/1.1 404"));
        assertTrue(rawGet("/imported/oauth2/jwks", "acme.evil.test").startsWith("HTTP/1.1 404"));
    }

    /** A request with a chosen Host header (the JDK client refuses to set one). */
    private static String rawGet(String path, String host) throws Exception {
        try (Socket s = new Socket("127.0.0.1", server.port())) {
            s.setSoTimeout(5000);
            OutputStream out = s.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static Path keystoreWithChainAndHmac(Path file, String password) throws Exception {
        SecureRandom random = new SecureRandom();
        KeyPair ca = KeyType.EC_P384.generate(random);
        KeyPair leaf = KeyType.EC_P256.generate(random);
        Instant now = Instant.now();
        CertificateFactory cf = CertificateFactory.getInstance("X.509");
        X509Certificate caCert = SelfSignedCertificate.create(ca, "Example CA", "ops", now.minusSeconds(60),
                now.plus(Duration.ofDays(365)), random);
        X509Certificate leafCert = (X509Certificate) cf.generateCertificate(new ByteArrayInputStream(SelfSignedCertificate.encode(
                leaf.getPublic(), "acme", "ops", ca.getPrivate(), "Example CA", "ops", now.minusSeconds(60),
                now.plus(Duration.ofDays(90)), random)));
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setKeyEntry("acme", leaf.getPrivate(), password.toCharArray(), new Certificate[] {leafCert, caCert});
        ks.setEntry("hmac", new KeyStore.SecretKeyEntry(new SecretKeySpec(new byte[32], "HmacSHA256")),
                new KeyStore.PasswordProtection(password.toCharArray()));
        try (OutputStream out = Files.newOutputStream(file)) {
            ks.store(out, password.toCharArray());
        }
        return file;
    }

    // --- deployment ----------------------------------------------------------------------------

    private static String deploymentFailure(Map<String, String> params, Path dir) throws Exception {
        Server s = new Server();
        WebAppContext context = TestServer.webApp("/", new WebXml().servlet("jwks", JwksServlet.class, params, "/t/*").writeTo(dir));
        s.setHandler(context);
        try {
            s.start();
            assertFalse(context.isAvailable(), "deployment should fail");
            StringBuilder messages = new StringBuilder();
            for (Throwable t = context.getUnavailableException(); t != null; t = t.getCause()) {
                messages.append(t.getMessage()).append('\n');
            }
            return messages.toString();
        } finally {
            s.stop();
        }
    }

    @Test
    void accpRequiredWithoutItStopsDeploymentSayingWhereTheJarGoes() throws Exception {
        // This module's tests run without the Amazon Corretto Crypto Provider on the class path.
        Map<String, String> accp = managed(base);
        accp.put("crypto-provider", "accp");
        String message = deploymentFailure(accp, work.resolve("no-accp"));
        assertTrue(message.contains("parameter 'crypto-provider'") && message.contains("is not on the class path")
                && message.contains("server's lib/") && message.contains("JWKS servlet 'jwks'"), message);
        Map<String, String> unknown = managed(base);
        unknown.put("crypto-provider", "NoSuchProvider");
        message = deploymentFailure(unknown, work.resolve("no-provider"));
        assertTrue(message.contains("parameter 'crypto-provider'") && message.contains("'NoSuchProvider' is not a registered"),
                message);
    }

    @Test
    void configurationErrorsStopDeploymentNamingTheParameter() throws Exception {
        Map<String, String> unknown = managed(base);
        unknown.put("max-ages", "1h");
        assertTrue(deploymentFailure(unknown, work.resolve("bad1")).contains("parameter 'max-ages': unknown parameter"));
        Map<String, String> lead = managed(base);
        lead.put("max-age", "13h");
        String message = deploymentFailure(lead, work.resolve("bad2"));
        assertTrue(message.contains("parameter 'prepublish-lead'") && message.contains("twice max-age"), message);
        Map<String, String> password = managed(base);
        password.put("key-directory", work.resolve("keys").toString());
        password.put("key-password", "not-the-password");
        message = deploymentFailure(password, work.resolve("bad3"));
        assertTrue(message.contains("parameter 'key-password'") && !message.contains("not-the-password"), message);
    }

    @Test
    void anUnexpectedFailureIsAJson500AndOneLogLineNeverTheContainersErrorPage() {
        java.util.logging.Logger logger = java.util.logging.Logger.getLogger("org.jwtgate");
        java.util.List<String> lines = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.logging.Handler capture = new java.util.logging.Handler() {
            @Override
            public void publish(java.util.logging.LogRecord r) {
                if (r.getLevel().intValue() >= java.util.logging.Level.WARNING.intValue()) {
                    Object[] p = r.getParameters();
                    lines.add((p == null ? r.getMessage() : java.text.MessageFormat.format(r.getMessage(), p))
                            + (r.getThrown() == null ? "" : " THROWN"));
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        logger.addHandler(capture);
        try {
            for (int i = 0; i < 20; i++) {
                HttpResponse<String> r = get("/broken/t/acme/oauth2/jwks", "X-Fail-On", "If-None-Match");
                assertEquals(500, r.statusCode(), r.body());
                assertEquals("{\"error\":\"server_error\"}", r.body());
                assertEquals("no-store", r.headers().firstValue("Cache-Control").orElse(""));
                assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
            }
            assertEquals(1, lines.size(), String.join("\n", lines));
            assertTrue(lines.get(0).contains("(java.lang.IllegalStateException)"), lines.get(0));
            assertFalse(lines.get(0).contains(FailingHeadersFilter.FAILURE_TEXT) || lines.get(0).contains("THROWN"), lines.get(0));
            assertEquals(200, get("/broken/t/acme/oauth2/jwks").statusCode(), "the same request without the failing wrapper");
        } finally {
            logger.removeHandler(capture);
        }
    }
}
