package org.jwtgate.jaxrs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.Servlet;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.ee10.webapp.WebAppContext;
import org.eclipse.jetty.server.Server;
import org.jose4j.json.JsonUtil;
import org.jwtgate.JwtGate;
import org.jwtgate.config.GateConfig;
import org.jwtgate.error.Reason;
import org.jwtgate.filter.JwtGateFilter;
import org.jwtgate.filter.TestServer;
import org.jwtgate.filter.WebXml;
import org.jwtgate.testing.LocalIssuer;
import org.jwtgate.testing.TokenMinter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The JAX-RS adapter on a real JAX-RS runtime in a real Jetty 12, over HTTP, against a real local
 * issuer. One subclass per runtime; every test runs on each.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class JaxrsContractTest {
    static final String REALM = "test-realm";
    static final String NO_CREDENTIALS_BODY =
            "{\"error\":\"unauthorized\",\"error_description\":\"A bearer token is required\"}";
    static final String FORM = "application/x-www-form-urlencoded";
    static final String PUBLIC = "https://api.example.com";
    static final org.jose4j.jwk.PublicJsonWebKey DPOP_KEY = org.jwtgate.testing.TestKeys.ec("P-256");

    @TempDir
    static Path webapps;

    LocalIssuer issuer;
    LocalIssuer downIssuer;
    JwtGate sharedGate;
    TestServer server;

    /** The runtime under test. */
    abstract JaxrsRuntime runtime();

    @BeforeAll
    void start() throws Exception {
        issuer = LocalIssuer.start();
        downIssuer = LocalIssuer.start();
        downIssuer.outage(true);
        String explicit = issuer.issuer() + "|" + issuer.jwksUri();
        Map<String, String> app = new LinkedHashMap<>();
        app.put("jwtgate.issuers", explicit);
        app.put("jwtgate.audiences", "api");
        app.put("jwtgate.realm", REALM);
        app.put("jwtgate.query-parameter", "true");
        app.put("jwtgate.form-parameter", "true");
        app.put("jwtgate.excluded-paths", "/api/public/*");
        System.setProperty(PropertiesApplication.ISSUERS_PROPERTY, explicit);
        Map<String, String> dpop = new LinkedHashMap<>();
        dpop.put("jwtgate.issuers", explicit);
        dpop.put("jwtgate.audiences", "api");
        dpop.put("jwtgate.realm", REALM);
        dpop.put("jwtgate.dpop", "required");
        dpop.put("jwtgate.dpop-algs", "ES256 PS256");
        dpop.put("jwtgate.public-origin", PUBLIC);
        sharedGate = JwtGate.create(GateConfig.builder().issuer(issuer.issuer(), issuer.jwksUri()).audiences("api")
                .realm(REALM).queryParameter(true).build());
        SharedGateApplication.gate = sharedGate;
        JaxrsRuntime rt = runtime();
        server = new TestServer()
                // the servlet filter on /servlet/*, the JAX-RS application on /api/*, one set of context-params
                .add("/app", new WebXml().contextParams(app)
                        .filter("jwtgate", JwtGateFilter.class.getName(), Map.of(), "/servlet/*")
                        .servlet("guarded", GuardedServlet.class.getName(),
                                Map.of("roles", "admin", "scopes", "orders:read"), "/servlet/admin")
                        .servlet("jaxrs", rt.servletClass(), rt.initParams(TestApplication.class, "/api"), "/api/*"),
                        webapps.resolve("app"))
                .add("/opt", new WebXml()
                        .contextParams(Map.of("jwtgate.issuers", issuer.issuer(), "jwtgate.audiences", "api",
                                "jwtgate.realm", REALM, "jwtgate.mode", "optional", "jwtgate.cookie-name", "at"))
                        .servlet("jaxrs", rt.servletClass(), rt.initParams(TestApplication.class, "/api"), "/api/*"),
                        webapps.resolve("opt"))
                .add("/props", new WebXml()
                        .contextParams(Map.of("jwtgate.audiences", "api", "jwtgate.realm", "context-realm"))
                        .servlet("jaxrs", rt.servletClass(), rt.initParams(PropertiesApplication.class, "/api"), "/api/*"),
                        webapps.resolve("props"))
                .add("/down", new WebXml()
                        .contextParams(Map.of("jwtgate.issuers", downIssuer.issuer() + "|" + downIssuer.jwksUri(),
                                "jwtgate.audiences", "api", "jwtgate.retry-after", "7s"))
                        .servlet("jaxrs", rt.servletClass(), rt.initParams(TestApplication.class, "/api"), "/api/*"),
                        webapps.resolve("down"))
                .add(sharedContext(rt))
                // DPoP required behind a proxy: the filter on /servlet/*, the JAX-RS application on /api/*
                .add("/dpop", new WebXml().contextParams(dpop)
                        .filter("jwtgate", JwtGateFilter.class.getName(), Map.of(), "/servlet/*")
                        .servlet("guarded", GuardedServlet.class.getName(),
                                Map.of("roles", "admin", "scopes", "orders:read"), "/servlet/admin")
                        .servlet("jaxrs", rt.servletClass(), rt.initParams(TestApplication.class, "/api"), "/api/*"),
                        webapps.resolve("dpop"))
                // DPoP allowed, with server-provided nonces (one secret for the filter's engine and the feature's)
                .add("/dpopnonce", new WebXml().contextParams(dpopNonce(dpop))
                        .filter("jwtgate", JwtGateFilter.class.getName(), Map.of(), "/servlet/*")
                        .servlet("guarded", GuardedServlet.class.getName(),
                                Map.of("roles", "admin", "scopes", "orders:read"), "/servlet/admin")
                        .servlet("jaxrs", rt.servletClass(), rt.initParams(TestApplication.class, "/api"), "/api/*"),
                        webapps.resolve("dpopnonce"))
                // the filter and the JAX-RS application on the same paths
                .add("/dpopboth", new WebXml().contextParams(dpop)
                        .filter("jwtgate", JwtGateFilter.class.getName(), Map.of(), "/api/*")
                        .servlet("jaxrs", rt.servletClass(), rt.initParams(TestApplication.class, "/api"), "/api/*"),
                        webapps.resolve("dpopboth"))
                .start();
    }

    private static Map<String, String> dpopNonce(Map<String, String> dpop) {
        Map<String, String> m = new LinkedHashMap<>(dpop);
        m.put("jwtgate.dpop", "allowed");
        m.put("jwtgate.dpop-nonce", "required");
        m.put("jwtgate.dpop-nonce-secret", "${sys:jwtgate.test.nonce-secret:0123456789abcdef0123456789abcdef-test}");
        return m;
    }

    /** The servlet filter and the JAX-RS feature on one engine; the application also on /direct/*, without the filter. */
    private ServletContextHandler sharedContext(JaxrsRuntime rt) throws ClassNotFoundException {
        ServletContextHandler context = new ServletContextHandler();
        context.setContextPath("/shared");
        context.addFilter(new FilterHolder(new JwtGateFilter(sharedGate)), "/api/*", EnumSet.of(DispatcherType.REQUEST));
        Class<? extends Servlet> type = Class.forName(rt.servletClass()).asSubclass(Servlet.class);
        for (String prefix : List.of("/api", "/direct")) {
            ServletHolder holder = new ServletHolder(prefix.substring(1), type);
            holder.setInitParameters(rt.initParams(SharedGateApplication.class, prefix));
            holder.setInitOrder(1);
            context.addServlet(holder, prefix + "/*");
        }
        return context;
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.close();
        }
        sharedGate.close();
        issuer.close();
        downIssuer.close();
        System.clearProperty(PropertiesApplication.ISSUERS_PROPERTY);
    }

    // --- helpers -------------------------------------------------------------------------------------

    TokenMinter alice() {
        return issuer.minter().subject("alice").audience("api");
    }

    /** The caller the role-and-scope endpoints accept. */
    TokenMinter admin() {
        return alice().groups("admin").scope("orders:read");
    }

    HttpResponse<String> get(String path, String... headers) {
        HttpRequest.Builder b = server.request(path).GET();
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return TestServer.send(b);
    }

    HttpResponse<String> bearer(String path, String token) {
        return get(path, "Authorization", "Bearer " + token);
    }

    HttpResponse<String> post(String path, String body, String... headers) {
        HttpRequest.Builder b = server.request(path).header("Content-Type", FORM)
                .POST(HttpRequest.BodyPublishers.ofString(body));
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return TestServer.send(b);
    }

    static Map<String, Object> json(HttpResponse<String> r) {
        try {
            return JsonUtil.parseJson(r.body());
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + r.body(), e);
        }
    }

    static String challenge(String realm, Reason reason, String scope) {
        return "Bearer realm=\"" + realm + "\", error=\"" + reason.code().code() + "\", error_description=\""
                + reason.description() + "\"" + (scope == null ? "" : ", scope=\"" + scope + "\"");
    }

    static void assertOk(HttpResponse<String> r, String body) {
        assertEquals(200, r.statusCode(), r.body());
        assertEquals(body, r.body());
        assertEquals(List.of(), r.headers().allValues("WWW-Authenticate"));
    }

    static void assertNoCredentials(HttpResponse<String> r, String realm) {
        assertEquals(401, r.statusCode(), r.body());
        assertEquals(List.of("Bearer realm=\"" + realm + "\""), r.headers().allValues("WWW-Authenticate"));
        assertEquals(NO_CREDENTIALS_BODY, r.body());
        assertJsonErrorHeaders(r);
    }

    static void assertRefused(HttpResponse<String> r, Reason reason, String scope) {
        assertEquals(reason.status(), r.statusCode(), r.body());
        assertEquals(List.of(challenge(REALM, reason, scope)), r.headers().allValues("WWW-Authenticate"));
        assertEquals("{\"error\":\"" + reason.code().code() + "\",\"error_description\":\"" + reason.description()
                + "\"}", r.body());
        assertJsonErrorHeaders(r);
    }

    static void assertJsonErrorHeaders(HttpResponse<String> r) {
        assertEquals(List.of("no-store"), r.headers().allValues("Cache-Control"));
        assertEquals("application/json;charset=utf-8", contentType(r));
    }

    static String contentType(HttpResponse<String> r) {
        return r.headers().firstValue("Content-Type").orElse("").toLowerCase(Locale.ROOT).replace(" ", "");
    }

    static void assertSameAnswer(HttpResponse<String> expected, HttpResponse<String> actual) {
        assertEquals(expected.statusCode(), actual.statusCode(), actual.body());
        assertEquals(expected.headers().allValues("WWW-Authenticate"), actual.headers().allValues("WWW-Authenticate"));
        assertEquals(expected.headers().allValues("Cache-Control"), actual.headers().allValues("Cache-Control"));
        assertEquals(expected.headers().allValues("Retry-After"), actual.headers().allValues("Retry-After"));
        assertEquals(expected.body(), actual.body());
        if (expected.statusCode() != 200) {
            assertEquals(contentType(expected), contentType(actual));
        }
    }

    // --- parity with the servlet filter ------------------------------------------------------------------

    /** Name, expected status, expected reason (null: none), token (null: none), token also in the query. */
    Stream<Arguments> tokens() {
        String valid = admin().sign();
        return Stream.of(
                arguments("valid", 200, null, valid, false),
                arguments("expired", 401, Reason.EXPIRED, admin().expiresAt(Instant.now().minusSeconds(3600)).sign(), false),
                arguments("wrong audience", 401, Reason.WRONG_AUDIENCE, admin().audience("other").sign(), false),
                arguments("bad signature", 401, Reason.BAD_SIGNATURE, TokenMinter.flipSignatureBit(valid), false),
                arguments("unknown kid", 401, Reason.UNKNOWN_KEY, admin().kid("unknown-kid").sign(), false),
                arguments("two methods", 400, Reason.MULTIPLE_TOKENS, valid, true),
                arguments("no token", 401, null, null, false),
                arguments("missing role", 403, Reason.MISSING_ROLE, admin().groups("staff").sign(), false),
                arguments("missing scope", 403, Reason.MISSING_SCOPE, admin().scope("orders:write").sign(), false));
    }

    private HttpResponse<String> send(String path, String token, boolean alsoInQuery) {
        String query = alsoInQuery ? "?access_token=" + URLEncoder.encode(token, StandardCharsets.UTF_8) : "";
        return token == null ? get(path) : bearer(path + query, token);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("tokens")
    void servletAndJaxrsEndpointsAnswerIdentically(String name, int status, Reason reason, String token,
            boolean alsoInQuery) {
        HttpResponse<String> servlet = send("/app/servlet/admin", token, alsoInQuery);
        HttpResponse<String> jaxrs = send("/app/api/orders/admin", token, alsoInQuery);
        assertSameAnswer(servlet, jaxrs);
        if (status == 200) {
            assertOk(jaxrs, "hello alice");
        } else if (reason == null) {
            assertNoCredentials(jaxrs, REALM);
        } else {
            assertRefused(jaxrs, reason, reason == Reason.MISSING_SCOPE ? "orders:read" : null);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("tokens")
    void servletFilterPlusJaxrsAnswersAsJaxrsAlone(String name, int status, Reason reason, String token,
            boolean alsoInQuery) {
        HttpResponse<String> both = send("/shared/api/orders/admin", token, alsoInQuery);
        HttpResponse<String> jaxrsOnly = send("/shared/direct/orders/admin", token, alsoInQuery);
        assertSameAnswer(jaxrsOnly, both);
        assertEquals(status, both.statusCode());
    }

    // --- DPoP: parity with the servlet filter ----------------------------------------------------------------

    /** Makes the headers of a DPoP request to {@code url} (the public URL of the endpoint), or of a refused variant. */
    interface DpopCase {
        String[] headers(String url);
    }

    String boundAdmin(org.jose4j.jwk.PublicJsonWebKey key) {
        return admin().claim("cnf", org.jwtgate.testing.DpopProofs.confirmation(key)).sign();
    }

    static TokenMinter proof(String method, String url, String token) {
        return org.jwtgate.testing.DpopProofs.minter(DPOP_KEY, method, url, token, java.time.Clock.systemUTC());
    }

    Stream<Arguments> dpopCases() {
        String token = boundAdmin(DPOP_KEY);
        String staff = alice().groups("staff").scope("orders:read")
                .claim("cnf", org.jwtgate.testing.DpopProofs.confirmation(DPOP_KEY)).sign();
        String ofAnotherKey = boundAdmin(org.jwtgate.testing.TestKeys.ec("P-256"));
        return Stream.of(
                arguments("valid", 200, null, (DpopCase) url -> new String[] {"Authorization", "DPoP " + token,
                        "DPoP", proof("GET", url, token).sign()}),
                arguments("no token", 401, null, (DpopCase) url -> new String[0]),
                arguments("bearer", 401, Reason.DPOP_REQUIRED, (DpopCase) url -> new String[] {"Authorization", "Bearer " + token}),
                arguments("no proof", 401, Reason.DPOP_PROOF_MISSING, (DpopCase) url -> new String[] {"Authorization", "DPoP " + token}),
                arguments("two proofs", 401, Reason.DPOP_PROOF_MULTIPLE, (DpopCase) url -> new String[] {"Authorization",
                        "DPoP " + token, "DPoP", proof("GET", url, token).sign(), "DPoP", proof("GET", url, token).sign()}),
                arguments("other method", 401, Reason.DPOP_PROOF_METHOD, (DpopCase) url -> new String[] {"Authorization",
                        "DPoP " + token, "DPoP", proof("POST", url, token).sign()}),
                arguments("internal URI", 401, Reason.DPOP_PROOF_URI, (DpopCase) url -> new String[] {"Authorization",
                        "DPoP " + token, "DPoP", proof("GET", url.replace(PUBLIC, server.uri("").toString()), token).sign()}),
                arguments("stale", 401, Reason.DPOP_PROOF_STALE, (DpopCase) url -> new String[] {"Authorization",
                        "DPoP " + token, "DPoP", proof("GET", url, token).issuedAt(Instant.now().minusSeconds(300)).sign()}),
                arguments("other token", 401, Reason.DPOP_PROOF_TOKEN_HASH, (DpopCase) url -> new String[] {"Authorization",
                        "DPoP " + token, "DPoP", proof("GET", url, ofAnotherKey).sign()}),
                arguments("RS256 proof", 401, Reason.DPOP_PROOF_ALGORITHM, (DpopCase) url -> new String[] {"Authorization",
                        "DPoP " + token, "DPoP", org.jwtgate.testing.DpopProofs.minter(org.jwtgate.testing.TestKeys.rsa(), "GET",
                                url, token, java.time.Clock.systemUTC()).sign()}),
                arguments("private jwk", 401, Reason.DPOP_PROOF_KEY, (DpopCase) url -> new String[] {"Authorization",
                        "DPoP " + token, "DPoP", proof("GET", url, token)
                                .header("jwk", org.jwtgate.testing.DpopProofs.privateJwk(DPOP_KEY)).sign()}),
                arguments("bound to another key", 401, Reason.DPOP_KEY_MISMATCH, (DpopCase) url -> new String[] {"Authorization",
                        "DPoP " + ofAnotherKey, "DPoP", proof("GET", url, ofAnotherKey).sign()}),
                arguments("missing role", 403, Reason.MISSING_ROLE, (DpopCase) url -> new String[] {"Authorization",
                        "DPoP " + staff, "DPoP", proof("GET", url, staff).sign()}));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dpopCases")
    void dpopRequestsGetTheSameAnswerFromTheServletFilterAndJaxrs(String name, int status, Reason reason, DpopCase request) {
        HttpResponse<String> servlet = get("/dpop/servlet/admin", request.headers(PUBLIC + "/dpop/servlet/admin"));
        HttpResponse<String> jaxrs = get("/dpop/api/orders/admin", request.headers(PUBLIC + "/dpop/api/orders/admin"));
        assertSameAnswer(servlet, jaxrs);
        assertEquals(status, jaxrs.statusCode(), jaxrs.body());
        String offered = "DPoP realm=\"" + REALM + "\", algs=\"ES256 PS256\"";
        if (status == 200) {
            assertOk(jaxrs, "hello alice");
        } else if (reason == null) {
            assertEquals(List.of(offered), jaxrs.headers().allValues("WWW-Authenticate"));
        } else {
            assertEquals(List.of(offered + ", error=\"" + reason.code().code() + "\", error_description=\""
                    + reason.description() + "\""), jaxrs.headers().allValues("WWW-Authenticate"));
            assertEquals("{\"error\":\"" + reason.code().code() + "\",\"error_description\":\"" + reason.description()
                    + "\"}", jaxrs.body());
            assertJsonErrorHeaders(jaxrs);
        }
    }

    @Test
    void aReplayedProofIsRefusedByJaxrsAsByTheFilter() {
        String token = boundAdmin(DPOP_KEY);
        for (String path : List.of("/dpop/servlet/admin", "/dpop/api/orders/admin")) {
            String p = proof("GET", PUBLIC + path, token).sign();
            assertOk(get(path, "Authorization", "DPoP " + token, "DPoP", p), "hello alice");
            HttpResponse<String> again = get(path, "Authorization", "DPoP " + token, "DPoP", p);
            assertEquals(401, again.statusCode());
            assertTrue(again.body().contains(Reason.DPOP_PROOF_REPLAYED.description()), again.body());
        }
    }

    @Test
    void aDpopRequestThroughTheFilterAndJaxrsIsCheckedOnceNotTakenForItsOwnReplay() {
        String token = boundAdmin(DPOP_KEY);
        String p = proof("GET", PUBLIC + "/dpopboth/api/orders/admin", token).sign();
        assertOk(get("/dpopboth/api/orders/admin", "Authorization", "DPoP " + token, "DPoP", p), "hello alice");
        HttpResponse<String> again = get("/dpopboth/api/orders/admin", "Authorization", "DPoP " + token, "DPoP", p);
        assertEquals(401, again.statusCode());
        assertTrue(again.body().contains(Reason.DPOP_PROOF_REPLAYED.description()), again.body());
    }

    /** The headers of a DPoP request with {@code token} to the public {@code url}, the proof carrying {@code nonce} (or none). */
    static String[] dpopHeaders(String token, String url, String nonce) {
        TokenMinter p = proof("GET", url, token);
        return new String[] {"Authorization", "DPoP " + token, "DPoP", (nonce == null ? p : p.claim("nonce", nonce)).sign()};
    }

    @Test
    void nonceRefusalsSuccessesAndForbiddenDpopCallersGetTheSameAnswerFromTheServletFilterAndJaxrs() {
        String offered = "Bearer realm=\"" + REALM + "\", DPoP realm=\"" + REALM + "\", algs=\"ES256 PS256\"";
        String token = boundAdmin(DPOP_KEY);
        String staff = alice().groups("staff").scope("orders:read")
                .claim("cnf", org.jwtgate.testing.DpopProofs.confirmation(DPOP_KEY)).sign();
        String servletPath = "/dpopnonce/servlet/admin";
        String jaxrsPath = "/dpopnonce/api/orders/admin";
        HttpResponse<String> servlet = get(servletPath, dpopHeaders(token, PUBLIC + servletPath, null));
        HttpResponse<String> jaxrs = get(jaxrsPath, dpopHeaders(token, PUBLIC + jaxrsPath, null));
        assertSameAnswer(servlet, jaxrs);
        assertEquals(List.of(offered + ", error=\"use_dpop_nonce\", error_description=\"Resource server requires nonce in DPoP "
                + "proof\""), jaxrs.headers().allValues("WWW-Authenticate"));
        String nonce = jaxrs.headers().firstValue("DPoP-Nonce").orElseThrow();
        assertEquals(servlet.headers().allValues("DPoP-Nonce"), jaxrs.headers().allValues("DPoP-Nonce"),
                "two engines with one secret hand out one nonce");

        servlet = get(servletPath, dpopHeaders(token, PUBLIC + servletPath, nonce));
        jaxrs = get(jaxrsPath, dpopHeaders(token, PUBLIC + jaxrsPath, nonce));
        assertOk(servlet, "hello alice");
        assertOk(jaxrs, "hello alice");
        assertEquals(List.of(nonce), servlet.headers().allValues("DPoP-Nonce"), "a success carries the current nonce");
        assertEquals(List.of(nonce), jaxrs.headers().allValues("DPoP-Nonce"));
        HttpResponse<String> who = get("/dpopnonce/api/orders/who", dpopHeaders(token, PUBLIC + "/dpopnonce/api/orders/who", nonce));
        assertEquals(200, who.statusCode(), who.body());
        assertEquals("DPoP", json(who).get("scheme"), "SecurityContext.getAuthenticationScheme of a DPoP caller");

        servlet = get(servletPath, dpopHeaders(staff, PUBLIC + servletPath, nonce));
        jaxrs = get(jaxrsPath, dpopHeaders(staff, PUBLIC + jaxrsPath, nonce));
        assertSameAnswer(servlet, jaxrs);
        assertEquals(List.of(offered + ", error=\"insufficient_scope\", error_description=\""
                + Reason.MISSING_ROLE.description() + "\""), jaxrs.headers().allValues("WWW-Authenticate"),
                "the error on the challenge of the scheme the caller used");
        HttpResponse<String> bearerStaff = bearer(jaxrsPath, alice().groups("staff").scope("orders:read").sign());
        assertSameAnswer(get(servletPath, "Authorization", "Bearer " + alice().groups("staff").scope("orders:read").sign()),
                bearerStaff);
        assertEquals(List.of("Bearer realm=\"" + REALM + "\", error=\"insufficient_scope\", error_description=\""
                + Reason.MISSING_ROLE.description() + "\", DPoP realm=\"" + REALM + "\", algs=\"ES256 PS256\""),
                bearerStaff.headers().allValues("WWW-Authenticate"));
        assertEquals(List.of(), bearerStaff.headers().allValues("DPoP-Nonce"));
    }

    // --- validated once ------------------------------------------------------------------------------------

    @Test
    void requestThroughServletFilterAndJaxrsFilterIsValidatedOnce() {
        String token = admin().sign();
        long before = sharedGate.validations();
        HttpResponse<String> r = bearer("/shared/api/orders/who", token);
        assertEquals(200, r.statusCode(), r.body());
        assertEquals("alice", json(r).get("user"));
        assertEquals("Bearer", json(r).get("scheme"));
        assertEquals(before + 1, sharedGate.validations());

        // the role-and-scope check after the servlet filter authenticated: still one validation
        before = sharedGate.validations();
        assertRefused(bearer("/shared/api/orders/admin", admin().groups("staff").sign()), Reason.MISSING_ROLE, null);
        assertEquals(before + 1, sharedGate.validations());

        // the same request without the servlet filter: the JAX-RS filter validates, once
        before = sharedGate.validations();
        assertOk(bearer("/shared/direct/orders/admin", token), "hello alice");
        assertEquals(before + 1, sharedGate.validations());
    }

    // --- SecurityContext -----------------------------------------------------------------------------------

    @Test
    void securityContextExposesTheJwtPrincipalRolesSchemeAndTransport() {
        HttpResponse<String> r = bearer("/app/api/orders/who",
                alice().groups("admin").scope("orders:read").claim("email", "alice@example.com").sign());
        assertEquals(200, r.statusCode(), r.body());
        Map<String, Object> seen = json(r);
        assertEquals("alice", seen.get("user"));
        assertEquals("org.jwtgate.JwtPrincipal", seen.get("principalType"));
        assertEquals(true, seen.get("admin"));
        assertEquals(false, seen.get("staff"));
        assertEquals(true, seen.get("anyAuthenticated"));
        assertEquals("Bearer", seen.get("scheme"));
        assertEquals(false, seen.get("secure"));
        assertEquals(List.of("orders:read"), seen.get("scopes"));
        @SuppressWarnings("unchecked")
        Map<String, Object> claims = (Map<String, Object>) seen.get("claims");
        assertEquals("alice@example.com", claims.get("email"));
        assertEquals(issuer.issuer(), claims.get("iss"));
    }

    // --- resources without annotations: the path policy and mode ---------------------------------------------

    @Test
    void unannotatedResourceOnProtectedPathNeedsAToken() {
        assertNoCredentials(get("/app/api/orders"), REALM);
        assertNoCredentials(get("/app/api/orders", "Authorization", "Basic YWxpY2U6c2VjcmV0"), REALM);
        assertOk(bearer("/app/api/orders", alice().sign()), "hello alice");
        assertRefused(bearer("/app/api/orders", alice().expiresIn(Duration.ofMinutes(-10)).sign()), Reason.EXPIRED, null);
    }

    @Test
    void unannotatedResourceOnExcludedPathIsLeftAlone() {
        assertOk(get("/app/api/public"), "hello anonymous");
        assertOk(bearer("/app/api/public", "not-a-jwt"), "hello anonymous");
    }

    @Test
    void optionalModeLetsAnonymousCallersReachUnannotatedResourcesOnly() {
        assertOk(get("/opt/api/orders"), "hello anonymous");
        assertOk(bearer("/opt/api/orders", alice().sign()), "hello alice");
        assertRefused(bearer("/opt/api/orders", alice().audience("other").sign()), Reason.WRONG_AUDIENCE, null);
        assertNoCredentials(get("/opt/api/secured"), REALM);
    }

    // --- annotations -------------------------------------------------------------------------------------------

    @Test
    void rolesAllowedOnTheClass() {
        assertOk(bearer("/app/api/secured", alice().groups("admin").sign()), "hello alice");
        assertRefused(bearer("/app/api/secured", alice().groups("staff").sign()), Reason.MISSING_ROLE, null);
        assertRefused(bearer("/app/api/secured", alice().sign()), Reason.MISSING_ROLE, null);
        assertNoCredentials(get("/app/api/secured"), REALM);
        assertRefused(bearer("/app/api/secured", TokenMinter.flipSignatureBit(alice().groups("admin").sign())),
                Reason.BAD_SIGNATURE, null);
    }

    @Test
    void methodAnnotationsReplaceTheClassRoles() {
        assertOk(bearer("/app/api/secured/staff", alice().groups("staff").sign()), "hello alice");
        assertRefused(bearer("/app/api/secured/staff", alice().groups("admin").sign()), Reason.MISSING_ROLE, null);
        assertOk(bearer("/app/api/secured/anyone-signed-in", alice().sign()), "hello alice");
        assertNoCredentials(get("/app/api/secured/anyone-signed-in"), REALM);
    }

    @Test
    void permitAllLetsAnonymousCallersInButStillRefusesBadTokens() {
        assertOk(get("/app/api/secured/open"), "hello anonymous");
        assertOk(bearer("/app/api/secured/open", alice().sign()), "hello alice");
        assertRefused(bearer("/app/api/secured/open", alice().expiresIn(Duration.ofMinutes(-10)).sign()),
                Reason.EXPIRED, null);
    }

    @Test
    void denyAllRefusesEveryone() {
        assertNoCredentials(get("/app/api/secured/closed"), REALM);
        assertRefused(bearer("/app/api/secured/closed", alice().groups("admin").sign()), Reason.MISSING_ROLE, null);
    }

    @Test
    void requiresScopesNamesTheRequiredScopesInTheChallenge() {
        assertOk(bearer("/app/api/scoped", alice().scope("orders:read").sign()), "hello alice");
        assertOk(bearer("/app/api/scoped", alice().claim("scp", List.of("orders:read")).sign()), "hello alice");
        assertRefused(bearer("/app/api/scoped", alice().scope("orders:write").sign()), Reason.MISSING_SCOPE,
                "orders:read");
        assertRefused(bearer("/app/api/scoped/write", alice().scope("orders:read").sign()), Reason.MISSING_SCOPE,
                "orders:read orders:write");
        assertOk(bearer("/app/api/scoped/write", alice().scope("orders:write orders:read").sign()), "hello alice");
        assertNoCredentials(get("/app/api/scoped"), REALM);
    }

    @Test
    void permitAllOnAMethodKeepsTheClassScopes() {
        assertNoCredentials(get("/app/api/scoped/permitted"), REALM);
        assertOk(bearer("/app/api/scoped/permitted", alice().scope("orders:read").sign()), "hello alice");
    }

    // --- step-up (RFC 9470) ------------------------------------------------------------------------------------

    private static String stepUpChallenge(String acrValues, String maxAge) {
        return "Bearer realm=\"" + REALM + "\", error=\"insufficient_user_authentication\", error_description=\""
                + Reason.INSUFFICIENT_USER_AUTHENTICATION.description() + "\", acr_values=\"" + acrValues + "\", max_age=\""
                + maxAge + "\"";
    }

    private static void assertStepUp(HttpResponse<String> r, String acrValues, String maxAge) {
        assertEquals(401, r.statusCode(), r.body());
        assertEquals(List.of(stepUpChallenge(acrValues, maxAge)), r.headers().allValues("WWW-Authenticate"));
        assertEquals("{\"error\":\"insufficient_user_authentication\",\"error_description\":\""
                + Reason.INSUFFICIENT_USER_AUTHENTICATION.description() + "\"}", r.body());
        assertJsonErrorHeaders(r);
    }

    private static long now() {
        return Instant.now().getEpochSecond();
    }

    @Test
    void requiresAuthenticationOnTheClassAsksForItsAcrAndAge() {
        assertNoCredentials(get("/app/api/stepup"), REALM);
        assertStepUp(bearer("/app/api/stepup", alice().claim("auth_time", now()).sign()), StepUpResource.MFA, "300");
        assertStepUp(bearer("/app/api/stepup", alice().claim("acr", "urn:example:pwd").claim("auth_time", now()).sign()),
                StepUpResource.MFA, "300");
        assertStepUp(bearer("/app/api/stepup", alice().claim("acr", StepUpResource.MFA).claim("auth_time", now() - 3600)
                .sign()), StepUpResource.MFA, "300");
        assertStepUp(bearer("/app/api/stepup", alice().claim("acr", StepUpResource.MFA).sign()), StepUpResource.MFA, "300");
        assertOk(bearer("/app/api/stepup", alice().claim("acr", StepUpResource.MFA).claim("auth_time", now() - 60).sign()),
                "hello alice");
    }

    @Test
    void requiresAuthenticationOnTheMethodReplacesTheClasss() {
        String methodAcr = StepUpResource.HWK + " " + StepUpResource.MFA + "+";
        assertStepUp(bearer("/app/api/stepup/method", alice().claim("acr", StepUpResource.MFA).claim("auth_time", now())
                .sign()), methodAcr, "60");
        assertStepUp(bearer("/app/api/stepup/method", alice().claim("acr", StepUpResource.HWK).claim("auth_time",
                now() - 180).sign()), methodAcr, "60");
        assertOk(bearer("/app/api/stepup/method", alice().claim("acr", StepUpResource.HWK).claim("auth_time", now())
                .sign()), "hello alice");
    }

    @Test
    void stepUpIsAsked401BeforeARoleIsRefused403() {
        assertStepUp(bearer("/app/api/stepup/admin", admin().claim("auth_time", now()).sign()), StepUpResource.MFA, "300");
        assertRefused(bearer("/app/api/stepup/admin", alice().claim("acr", StepUpResource.MFA).claim("auth_time", now())
                .sign()), Reason.MISSING_ROLE, null);
        assertOk(bearer("/app/api/stepup/admin", admin().claim("acr", StepUpResource.MFA).claim("auth_time", now()).sign()),
                "hello alice");
    }

    @Test
    void malformedAcrOrAuthTimeIsTheFixedInvalidTokenRefusal() {
        assertRefused(bearer("/app/api/stepup", alice().claim("acr", 2).claim("auth_time", now()).sign()),
                Reason.MALFORMED_CLAIM, null);
        assertRefused(bearer("/app/api/stepup", alice().claim("acr", StepUpResource.MFA).claim("auth_time", "now").sign()),
                Reason.MALFORMED_CLAIM, null);
    }

    // --- how the token travels -----------------------------------------------------------------------------------

    @Test
    void twoAuthorizationHeadersAreInvalidRequest() {
        String token = alice().sign();
        assertRefused(get("/app/api/orders", "Authorization", "Bearer " + token, "Authorization", "Bearer " + token),
                Reason.MULTIPLE_TOKENS, null);
    }

    @Test
    void queryParameterCarriesTheTokenWhenEnabled() {
        assertOk(get("/app/api/orders?access_token=" + alice().sign()), "hello alice");
        assertRefused(get("/app/api/orders?access_token="), Reason.EMPTY_TOKEN, null);
    }

    @Test
    void formBodyCarriesTheTokenAndStaysReadable() {
        String token = alice().sign();
        assertOk(post("/app/api/orders/form", "note=hi+there&access_token=" + token), "hello alice, note=hi there");
        assertOk(post("/app/api/orders/form", "note=x", "Authorization", "Bearer " + token), "hello alice, note=x");
        assertRefused(post("/app/api/orders/form", "access_token=" + token, "Authorization", "Bearer " + token),
                Reason.MULTIPLE_TOKENS, null);
        assertRefused(post("/app/api/orders/form", "note=%zz&access_token=" + token), Reason.MALFORMED_REQUEST, null);
        assertRefused(post("/app/api/orders/form", "note=" + "x".repeat(JaxrsBearerRequest.MAX_FORM_BYTES),
                "Authorization", "Bearer " + token), Reason.MALFORMED_REQUEST, null);
        // RESTEasy refuses this one itself, before any filter runs; either way a 400, never a 500
        assertEquals(400, TestServer.send(server.request("/app/api/orders/form")
                .header("Content-Type", FORM + ";charset=no-such-charset")
                .POST(HttpRequest.BodyPublishers.ofString("access_token=" + token))).statusCode());
    }

    @Test
    void cookieCarriesTheTokenWhenNamed() {
        String token = alice().sign();
        assertOk(get("/opt/api/orders", "Cookie", "theme=dark; at=" + token), "hello alice");
        assertOk(get("/opt/api/orders", "Cookie", "at="), "hello anonymous");
        assertRefused(get("/opt/api/orders", "Cookie", "at=" + token, "Authorization", "Bearer " + token),
                Reason.MULTIPLE_TOKENS, null);
    }

    @Test
    void rulesApplyToResourcesReachedThroughALocator() {
        assertNoCredentials(get("/app/api/locator/sub"), REALM);
        assertRefused(bearer("/app/api/locator/sub", alice().groups("staff").sign()), Reason.MISSING_ROLE, null);
        assertOk(bearer("/app/api/locator/sub", alice().groups("admin").sign()), "hello alice");
    }

    @Test
    void issuerOutageIs503WithRetryAfterAndNoChallenge() {
        HttpResponse<String> r = bearer("/down/api/orders", TokenMinter.signedWith(downIssuer.currentKey())
                .issuer(downIssuer.issuer()).subject("alice").audience("api").sign());
        assertEquals(503, r.statusCode());
        assertEquals(List.of("7"), r.headers().allValues("Retry-After"));
        assertEquals(List.of(), r.headers().allValues("WWW-Authenticate"));
        assertJsonErrorHeaders(r);
    }

    // --- configuration -----------------------------------------------------------------------------------------

    @Test
    void configurationFromJaxrsPropertiesWinsOverContextParams() {
        assertOk(bearer("/props/api/orders", alice().sign()), "hello alice");
        assertNoCredentials(get("/props/api/orders"), "prop-realm");
    }

    /** Deploys on a server without connectors; returns the messages of the startup failure's chain. */
    private String deploymentFailure(String name, WebXml webXml) throws Exception {
        Server failing = new Server();
        WebAppContext context = TestServer.webApp("/", webXml.writeTo(webapps.resolve(name)));
        failing.setHandler(context);
        Throwable failure;
        try {
            failing.start();
            failure = context.isAvailable() ? null : context.getUnavailableException();
        } catch (Exception e) {
            failure = e;
        } finally {
            failing.stop();
        }
        assertNotNull(failure, "deployment should fail");
        StringBuilder messages = new StringBuilder();
        for (Throwable t = failure; t != null; t = t.getCause()) {
            messages.append(t).append('\n');
        }
        return messages.toString();
    }

    @Test
    void unknownJwtgateContextParamStopsTheApplication() throws Exception {
        JaxrsRuntime rt = runtime();
        String message = deploymentFailure("bogus", new WebXml()
                .contextParams(Map.of("jwtgate.issuers", issuer.issuer(), "jwtgate.audiences", "api",
                        "jwtgate.bogus", "1"))
                .servlet("jaxrs", rt.servletClass(), rt.initParams(TestApplication.class, "/api"), "/api/*"));
        assertTrue(message.contains("parameter 'bogus': unknown parameter"), message);
    }

    @Test
    void badValueStopsTheApplicationNamingParameterAndValue() throws Exception {
        JaxrsRuntime rt = runtime();
        String message = deploymentFailure("ture", new WebXml()
                .contextParams(Map.of("jwtgate.issuers", issuer.issuer(), "jwtgate.audiences", "api",
                        "jwtgate.enabled", "ture"))
                .servlet("jaxrs", rt.servletClass(), rt.initParams(TestApplication.class, "/api"), "/api/*"));
        assertTrue(message.contains("parameter 'enabled': 'ture' is not a boolean"), message);
    }

    @Test
    void scopeThatCannotBeWrittenIntoAChallengeStopsTheApplication() throws Exception {
        JaxrsRuntime rt = runtime();
        String message = deploymentFailure("badscope", new WebXml()
                .contextParams(Map.of("jwtgate.issuers", issuer.issuer(), "jwtgate.audiences", "api"))
                .servlet("jaxrs", rt.servletClass(), rt.initParams(BadScopeApplication.class, "/api"), "/api/*"));
        assertTrue(message.contains("is not an RFC 6750 scope-token"), message);
    }
}
