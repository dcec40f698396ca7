package org.jwtgate.jaxrs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jose4j.json.JsonUtil;
import org.jwtgate.error.Reason;
import org.jwtgate.filter.EchoServlet;
import org.jwtgate.filter.JwtGateFilter;
import org.jwtgate.filter.RawHttp;
import org.jwtgate.filter.TestServer;
import org.jwtgate.filter.WebXml;
import org.jwtgate.testing.LocalIssuer;
import org.jwtgate.testing.TokenMinter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tenant-bound routes in the JAX-RS feature alone (no servlet filter in front), configured by the same
 * context-params as the servlet filter of a twin application: the same requests get the same answers,
 * since both read the tenant from the same path. One subclass per runtime.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class TenantRoutesJaxrsTest {
    static final String REALM = "tenants";
    static final String NOT_FOUND = "{\"error\":\"not_found\",\"error_description\":\"The request names no known tenant\"}";

    @TempDir
    static Path webapps;

    LocalIssuer acme;
    LocalIssuer globex;
    LocalIssuer external;
    TestServer server;
    int port;

    abstract JaxrsRuntime runtime();

    @BeforeAll
    void start() {
        acme = LocalIssuer.start("t/acme");
        globex = acme.sibling("t/globex");
        external = LocalIssuer.start();
        Map<String, String> params = new LinkedHashMap<>();
        params.put("jwtgate.issuers", external.issuer() + "|" + external.jwksUri());
        params.put("jwtgate.tenant-issuer", acme.issuer().replace("/t/acme", "/t/{tenant}"));
        params.put("jwtgate.tenant-source", "path:/api/t/{tenant}/*");
        params.put("jwtgate.audiences", "api");
        params.put("jwtgate.realm", REALM);
        JaxrsRuntime rt = runtime();
        server = new TestServer()
                .add("/jx", new WebXml().contextParams(params)
                        .servlet("jaxrs", rt.servletClass(), rt.initParams(TenantApplication.class, "/api"), "/api/*"),
                        webapps.resolve("jx-" + rt.getClass().getSimpleName()))
                .add("/sv", new WebXml().contextParams(params)
                        .filter("jwtgate", JwtGateFilter.class.getName(), Map.of(), "/*")
                        .servlet("echo", EchoServlet.class, "/api/*"), webapps.resolve("sv-" + rt.getClass().getSimpleName()))
                .start();
        port = server.port();
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.close();
        }
        globex.close();
        acme.close();
        external.close();
    }

    private TokenMinter of(LocalIssuer issuer) {
        return issuer.minter().audience("api").subject("alice").groups("admin");
    }

    private RawHttp.Response get(String target, String token) {
        return token == null ? RawHttp.get(port, target, "127.0.0.1")
                : RawHttp.get(port, target, "127.0.0.1", "Authorization", "Bearer " + token);
    }

    private static Map<String, Object> json(RawHttp.Response r) {
        try {
            return JsonUtil.parseJson(r.body());
        } catch (Exception e) {
            throw new AssertionError(r.status() + " " + r.body(), e);
        }
    }

    @Test
    void theResourceIsReachedOnlyWithItsTenantsToken() {
        String ofAcme = of(acme).sign();
        RawHttp.Response ok = get("/jx/api/t/acme/orders", ofAcme);
        assertEquals(200, ok.status(), ok.body());
        assertEquals(Map.of("tenant", "acme", "user", "alice"), json(ok));
        assertEquals(200, get("/jx/api/t/acme/orders/admin", ofAcme).status());
        for (String target : List.of("/jx/api/t/globex/orders", "/jx/api/t/globex/orders/admin")) {
            RawHttp.Response r = get(target, ofAcme);
            assertEquals(401, r.status(), target);
            assertEquals(List.of("Bearer realm=\"" + REALM + "\", error=\"invalid_token\", error_description=\""
                    + Reason.UNTRUSTED_ISSUER.description() + "\""), r.header("WWW-Authenticate"));
        }
        String ofExternal = of(external).sign();
        assertEquals(401, get("/jx/api/t/acme/orders", ofExternal).status(), "the issuers are not trusted on tenant routes");
        assertEquals(200, get("/jx/api/orders/who", ofExternal).status(), "but elsewhere");
        assertEquals(401, get("/jx/api/orders/who", ofAcme).status(), "and a tenant's token only on its routes");
    }

    @Test
    void anotherSpellingOfTheTenantIsNotFoundAndNeverReachesTheResource() {
        String ofAcme = of(acme).sign();
        for (String tail : List.of("/api/t/GLOBEX/orders", "/api/t/GLOBEX/orders/admin", "/api/t/glob%65x/orders",
                "/api/t/globex%20/orders", "/api/t/globex./orders", "/api/t/globex;x=1/orders", "/api/t/globex;x=1/orders/admin")) {
            RawHttp.Response r = get("/jx" + tail, ofAcme);
            assertEquals(404, r.status(), tail + ": " + r.body());
            assertEquals(NOT_FOUND, r.body(), tail);
        }
        // paths no resource matches (the runtime answers 404 before any per-method filter): never the resource
        for (String tail : List.of("/api/t/acme/../globex/orders", "/api/t", "/api/t/")) {
            RawHttp.Response r = get("/jx" + tail, ofAcme);
            assertEquals(404, r.status(), tail + ": " + r.body());
            assertFalse(r.body().contains("tenant"), tail + ": " + r.body());
        }
    }

    @Test
    void theServletFilterAndTheJaxrsFeatureAnswerEveryTenantRouteAlike() {
        String ofAcme = of(acme).sign();
        String ofGlobex = of(globex).sign();
        String ofExternal = of(external).sign();
        int compared = 0;
        for (String tail : List.of("/api/t/acme/orders", "/api/t/globex/orders", "/api/t/GLOBEX/orders", "/api/t/glob%65x/orders",
                "/api/t/globex%20/orders", "/api/t/globex./orders", "/api/t/globex;x=1/orders", "/api/t/acme;x=1/orders",
                "/api/t/acme/../globex/orders", "/api/t/%67lobex/orders", "/api/t/acme/orders;x=1", "/api/t/initech/orders")) {
            for (String token : new String[] {ofAcme, ofGlobex, ofExternal, null, "not.a.token"}) {
                RawHttp.Response servlet = get("/sv" + tail, token);
                RawHttp.Response jaxrs = get("/jx" + tail, token);
                String what = tail + " with " + (token == null ? "no token" : token.length() > 20 ? "a token" : token);
                assertEquals(servlet.status(), jaxrs.status(), what);
                if (servlet.status() != 200 && !unmatched(tail)) {
                    assertEquals(servlet.header("WWW-Authenticate"), jaxrs.header("WWW-Authenticate"), what);
                    assertEquals(servlet.body(), jaxrs.body(), what);
                }
                compared++;
            }
        }
        assertEquals(60, compared);
    }

    /** Whether the runtime itself routes {@code tail} to no resource (its own 404, another body than ours). */
    boolean unmatched(String tail) {
        return tail.contains("/../");
    }
}
