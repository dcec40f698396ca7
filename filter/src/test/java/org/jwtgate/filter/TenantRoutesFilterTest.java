package org.jwtgate.filter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.jose4j.json.JsonUtil;
import org.jwtgate.error.Reason;
import org.jwtgate.testing.LocalIssuer;
import org.jwtgate.testing.TokenMinter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tenant-bound routes through the filter declared in web.xml, on a real Jetty 12, with requests written
 * byte for byte: the tenants acme and globex of one local identity provider.
 */
class TenantRoutesFilterTest {
    private static final String REALM = "tenants";
    private static final String NOT_FOUND = "{\"error\":\"not_found\",\"error_description\":\"The request names no known tenant\"}";

    @TempDir
    static Path webapps;

    static LocalIssuer acme;
    static LocalIssuer globex;
    static TestServer server;
    static int port;

    @BeforeAll
    static void start() {
        acme = LocalIssuer.start("t/acme");
        globex = acme.sibling("t/globex");
        String template = acme.issuer().replace("/t/acme", "/t/{tenant}");
        Map<String, String> common = Map.of("jwtgate.tenant-issuer", template, "jwtgate.audiences", "api",
                "jwtgate.realm", REALM);
        server = new TestServer()
                .add("/path", new WebXml().contextParams(common)
                        .filter(Map.of("tenant-source", "path:/api/t/{tenant}/*"))
                        .servlet("echo", EchoServlet.class, "/api/*"), webapps.resolve("path"))
                .add("/host", new WebXml().contextParams(common)
                        .filter(Map.of("tenant-source", "host"))
                        .servlet("echo", EchoServlet.class, "/api/*"), webapps.resolve("host"))
                .add("/header", new WebXml().contextParams(common)
                        .filter(Map.of("tenant-source", "header:X-Tenant", "tenants", "acme globex"))
                        .servlet("echo", EchoServlet.class, "/api/*"), webapps.resolve("header"))
                .start();
        port = server.port();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
        globex.close();
        acme.close();
    }

    private static TokenMinter of(LocalIssuer issuer) {
        return issuer.minter().audience("api").subject(issuer == acme ? "alice" : "gina");
    }

    private static RawHttp.Response get(String target, String token) {
        return RawHttp.get(port, target, "127.0.0.1:" + port, "Authorization", "Bearer " + token);
    }

    private static void assertCaller(String user, RawHttp.Response r) {
        assertEquals(200, r.status(), r.body());
        try {
            assertEquals(user, JsonUtil.parseJson(r.body()).get("user"));
        } catch (Exception e) {
            throw new AssertionError(r.body(), e);
        }
    }

    private static void assertUntrusted(RawHttp.Response r) {
        assertEquals(401, r.status(), r.body());
        assertEquals(List.of("Bearer realm=\"" + REALM + "\", error=\"invalid_token\", error_description=\""
                + Reason.UNTRUSTED_ISSUER.description() + "\""), r.header("WWW-Authenticate"));
    }

    private static void assertNotFound(RawHttp.Response r) {
        assertEquals(404, r.status(), r.body());
        assertEquals(NOT_FOUND, r.body());
        assertEquals(List.of(), r.header("WWW-Authenticate"));
        assertEquals(List.of("no-store"), r.header("Cache-Control"));
    }

    @Test
    void aTenantsTokenPassesOnlyOnThatTenantsPath() {
        String ofAcme = of(acme).sign();
        String ofGlobex = of(globex).sign();
        assertCaller("alice", get("/path/api/t/acme/orders", ofAcme));
        assertCaller("gina", get("/path/api/t/globex/orders", ofGlobex));
        assertCaller("alice", get("/path/api/t/acme/orders;v=2", ofAcme));
        assertUntrusted(get("/path/api/t/globex/orders", ofAcme));
        assertUntrusted(get("/path/api/t/globex/orders/admin", ofAcme));
        assertUntrusted(get("/path/api/t/acme/orders", ofGlobex));
    }

    @Test
    void anotherSpellingOfATenantInThePathIsNotFoundNeverAnotherTenantsRoute() {
        String ofAcme = of(acme).sign();
        String ofGlobex = of(globex).sign();
        for (String target : List.of("/path/api/t/GLOBEX/orders", "/path/api/t/GLOBEX/orders/admin", "/path/api/t/Globex/orders",
                "/path/api/t/glob%65x/orders", "/path/api/t/%67lobex/orders", "/path/api/t/globex%20/orders",
                "/path/api/t/globex./orders", "/path/api/t/globex;x=1/orders",
                "/path/api/t/globex;jsessionid=0/orders", "/path/api/t/acme/../globex/orders", "/path/api/t/./globex/orders",
                "/path/api/%74/globex/orders", "/path/api/t/-globex/orders", "/path/api/t", "/path/api/t/")) {
            for (String token : List.of(ofAcme, ofGlobex)) {
                assertNotFound(get(target, token));
            }
            assertNotFound(RawHttp.get(port, target, "127.0.0.1:" + port));
        }
        // Servlet 6 ambiguous and suspicious URIs: Jetty refuses them (400) before any filter; let
        // through, jwtgate answers 404
        for (String target : AMBIGUOUS) {
            assertEquals(400, get(target, ofAcme).status(), target);
        }
        assertEquals(400, get("/path/api/t/%2e%2e/globex/orders", ofAcme).status());
        assertEquals(400, get("/path/api/t/globex%00/orders", ofAcme).status(), "even for a lenient Jetty");
        try (TestServer lenient = new TestServer().lenientUris()) {
            lenient.add("/path", new WebXml().contextParams(Map.of("jwtgate.tenant-issuer", template(),
                    "jwtgate.audiences", "api", "jwtgate.realm", REALM)).filter(Map.of("tenant-source", "path:/api/t/{tenant}/*"))
                    .servlet("echo", EchoServlet.class, "/api/*"), webapps.resolve("lenient")).start();
            int lenientPort = lenient.port();
            assertCaller("alice", RawHttp.get(lenientPort, "/path/api/t/acme/orders", "127.0.0.1", "Authorization", "Bearer " + ofAcme));
            for (String target : AMBIGUOUS) {
                assertNotFound(RawHttp.get(lenientPort, target, "127.0.0.1", "Authorization", "Bearer " + ofAcme));
            }
            // decoded and normalised by Jetty to /api/globex/orders: no tenant route, and no issuer trusted there
            assertUntrusted(RawHttp.get(lenientPort, "/path/api/t/%2e%2e/globex/orders", "127.0.0.1",
                    "Authorization", "Bearer " + ofAcme));
        }
        assertEquals(0, globex.jwksRequests() + globex.discoveryRequests(), "nothing of globex was fetched");
    }

    private static final List<String> AMBIGUOUS = List.of("/path/api//t/globex/orders", "/path/api/t//globex/orders",
            "/path/api/t/globex%2F/orders", "/path/api/t/acme/%2e%2e/globex/orders",
            "/path/api/t/globex%09/orders");

    private static String template() {
        return acme.issuer().replace("/t/acme", "/t/{tenant}");
    }

    @Test
    void aTenantFromTheHostName() {
        String ofAcme = of(acme).sign();
        assertCaller("alice", RawHttp.get(port, "/host/api/orders", "acme.localhost:" + port, "Authorization", "Bearer " + ofAcme));
        assertUntrusted(RawHttp.get(port, "/host/api/orders", "globex.localhost:" + port, "Authorization", "Bearer " + ofAcme));
        for (String host : List.of("ACME.localhost", "127.0.0.1", "acme%2elocalhost", "[::1]")) {
            assertNotFound(RawHttp.get(port, "/host/api/orders", host + ":" + port, "Authorization", "Bearer " + ofAcme));
        }
    }

    @Test
    void aTenantFromAHeaderInTheList() {
        String ofAcme = of(acme).sign();
        String h = "127.0.0.1:" + port;
        assertCaller("alice", RawHttp.get(port, "/header/api/orders", h, "X-Tenant", "acme", "Authorization", "Bearer " + ofAcme));
        assertUntrusted(RawHttp.get(port, "/header/api/orders", h, "X-Tenant", "globex", "Authorization", "Bearer " + ofAcme));
        assertNotFound(RawHttp.get(port, "/header/api/orders", h, "X-Tenant", "initech", "Authorization", "Bearer " + ofAcme));
        assertNotFound(RawHttp.get(port, "/header/api/orders", h, "X-Tenant", "ACME", "Authorization", "Bearer " + ofAcme));
        assertNotFound(RawHttp.get(port, "/header/api/orders", h, "Authorization", "Bearer " + ofAcme));
        assertNotFound(RawHttp.get(port, "/header/api/orders", h, "X-Tenant", "acme", "X-Tenant", "acme",
                "Authorization", "Bearer " + ofAcme));
    }
}
