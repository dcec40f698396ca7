package org.jwtgate.authentication;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jwtgate.filter.JwtGateFilter;
import org.jwtgate.testing.LocalIssuer;
import org.jwtgate.testing.TokenMinter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * One embedded container, four web applications configured only in web.xml, over real HTTP against a
 * real local issuer:
 * <ul>
 * <li>{@code /module}: the Jakarta Authentication module ({@link JwtGateAuthentication} listener) under
 * web.xml constraints: {@code /admin/*} needs role {@code admin}, {@code /user/*} any authenticated
 * caller ({@code **}), {@code /public/*} none; no {@code <login-config>};</li>
 * <li>{@code /module-basic}: the same with {@code <login-config>BASIC</login-config>} left in place;</li>
 * <li>{@code /filter}: the servlet filter on {@code /*} (REQUEST, FORWARD, INCLUDE, ASYNC,
 * async-supported) protecting {@code /admin/*} and the private async and non-blocking servlets;</li>
 * <li>{@code /jaxrs}: Jersey with {@code JwtGateFeature}, {@code @RolesAllowed("admin")} on
 * {@code /admin/who}.</li>
 * </ul>
 * Every response is checked for the absence of {@code Set-Cookie}: no path creates a session.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ContainerSecurityContract {
    static final String REALM = "test-realm";
    static final String CHALLENGE = "Bearer realm=\"" + REALM + "\"";
    static final String RESOURCE = "https://api.example.com/api";
    static final String NO_CREDENTIALS_BODY =
            "{\"error\":\"unauthorized\",\"error_description\":\"A bearer token is required\"}";

    @TempDir
    static Path webapps;

    LocalIssuer issuer;
    WebContainer container;
    String admin;
    String user;

    /** A new, not started container. */
    abstract WebContainer newContainer();

    /** What {@code getAuthType()} answers on this container for a caller the module authenticated. */
    abstract String moduleAuthType();

    /** The simple class name of {@code getUserPrincipal()} on this container for a module caller. */
    abstract String modulePrincipalClass();

    /**
     * Why the module cannot be registered from web.xml on this container, or null when it can; the
     * module's applications are then not deployed and the module's tests are skipped with this reason.
     */
    abstract String moduleUnsupported();

    /**
     * Whether a bad token on a resource no constraint covers is refused. Every container does (on Jetty, which
     * asks the module there only when the application asks who the caller is, by the filter the listener adds).
     */
    boolean refusesOnUnconstrainedResources() {
        return true;
    }

    private void assumeModule() {
        assumeTrue(moduleUnsupported() == null, () -> container.name() + ": " + moduleUnsupported());
    }

    /** The applications whose answers must agree: the filter's, the JAX-RS feature's and, where it runs, the module's. */
    private List<String> parityApps() {
        return moduleUnsupported() == null ? List.of("/filter", "/jaxrs", "/module") : List.of("/filter", "/jaxrs");
    }

    @BeforeAll
    void start() throws Exception {
        issuer = LocalIssuer.start();
        Map<String, String> params = new LinkedHashMap<>();
        params.put("jwtgate.issuers", issuer.issuer() + "|" + issuer.jwksUri());
        params.put("jwtgate.audiences", "api");
        params.put("jwtgate.realm", REALM);
        params.put("jwtgate.query-parameter", "true");
        params.put("jwtgate.form-parameter", "true");
        Map<String, String> filterParams = new LinkedHashMap<>(params);
        filterParams.put("jwtgate.protected-paths", "/admin/* /async/private/* /nonblocking/private/*");

        Map<String, Path> apps = new LinkedHashMap<>();
        if (moduleUnsupported() == null) {
            apps.put("/module", module(params).writeTo(webapps.resolve("module")));
            apps.put("/module-basic", module(params).loginConfig("BASIC").writeTo(webapps.resolve("module-basic")));
            Map<String, String> disabled = new LinkedHashMap<>(params);
            disabled.put("jwtgate.enabled", "false");
            apps.put("/module-disabled", module(disabled).writeTo(webapps.resolve("module-disabled")));
            apps.put("/both", new Descriptor().contextParams(filterParams).listener(JwtGateAuthentication.class)
                    .filter("jwtgate", JwtGateFilter.class.getName(), Map.of())
                    .servlet("who", WhoServlet.class.getName(), Map.of("gate", JwtGateFilter.GATE_ATTRIBUTE_PREFIX + "jwtgate"),
                            "/admin/*")
                    .constraint("/admin/*", "admin")
                    .securityRole("admin")
                    .writeTo(webapps.resolve("both")));
        }
        Map<String, String> dpopParams = new LinkedHashMap<>(params);
        dpopParams.put("jwtgate.dpop", "allowed");
        dpopParams.put("jwtgate.dpop-algs", "ES256");
        dpopParams.put("jwtgate.public-origin", "from-request");
        if (moduleUnsupported() == null) {
            apps.put("/module-dpop", module(dpopParams).writeTo(webapps.resolve("module-dpop")));
        }
        Map<String, String> dpopFilterParams = new LinkedHashMap<>(dpopParams);
        dpopFilterParams.put("jwtgate.protected-paths", "/admin/*");
        apps.put("/filter-dpop", new Descriptor().contextParams(dpopFilterParams)
                .filter("jwtgate", JwtGateFilter.class.getName(), Map.of())
                .servlet("who", WhoServlet.class.getName(), Map.of("gate", JwtGateFilter.GATE_ATTRIBUTE_PREFIX + "jwtgate"),
                        "/admin/*")
                .writeTo(webapps.resolve("filter-dpop")));
        apps.put("/filter", new Descriptor().contextParams(filterParams)
                .filter("jwtgate", JwtGateFilter.class.getName(), Map.of())
                .servlet("who", WhoServlet.class.getName(), Map.of("gate", JwtGateFilter.GATE_ATTRIBUTE_PREFIX + "jwtgate"),
                        "/admin/*", "/public/*")
                .servlet("async", AsyncWhoServlet.class.getName(), Map.of(), "/async/*")
                .servlet("nonblocking", NonBlockingWhoServlet.class.getName(), Map.of(), "/nonblocking/*")
                .writeTo(webapps.resolve("filter")));
        apps.put("/jaxrs", new Descriptor().contextParams(params)
                .servlet("jaxrs", "org.glassfish.jersey.servlet.ServletContainer",
                        Map.of("jakarta.ws.rs.Application", AdminApplication.class.getName()), "/*")
                .writeTo(webapps.resolve("jaxrs")));
        // The same applications, naming their RFC 9728 metadata in every challenge (Bearer and DPoP offered).
        Map<String, String> described = new LinkedHashMap<>(params);
        described.put("jwtgate.resource-identifier", RESOURCE);
        described.put("jwtgate.dpop", "allowed");
        described.put("jwtgate.dpop-algs", "ES256");
        described.put("jwtgate.public-origin", "https://api.example.com");
        Map<String, String> describedFilter = new LinkedHashMap<>(described);
        describedFilter.put("jwtgate.protected-paths", "/admin/*");
        if (moduleUnsupported() == null) {
            apps.put("/module-rm", module(described).writeTo(webapps.resolve("module-rm")));
        }
        apps.put("/filter-rm", new Descriptor().contextParams(describedFilter)
                .filter("jwtgate", JwtGateFilter.class.getName(), Map.of())
                .servlet("who", WhoServlet.class.getName(), Map.of("gate", JwtGateFilter.GATE_ATTRIBUTE_PREFIX + "jwtgate"),
                        "/admin/*")
                .writeTo(webapps.resolve("filter-rm")));
        apps.put("/jaxrs-rm", new Descriptor().contextParams(described)
                .servlet("jaxrs", "org.glassfish.jersey.servlet.ServletContainer",
                        Map.of("jakarta.ws.rs.Application", AdminApplication.class.getName()), "/*")
                .writeTo(webapps.resolve("jaxrs-rm")));
        container = newContainer();
        container.start(apps);
        admin = issuer.minter().subject("alice").audience("api").groups("admin").scope("orders:read").sign();
        user = issuer.minter().subject("bob").audience("api").groups("user").sign();
    }

    private static Descriptor module(Map<String, String> params) {
        return new Descriptor().contextParams(params).listener(JwtGateAuthentication.class)
                .servlet("who", WhoServlet.class.getName(), Map.of("gate", JwtGateAuthentication.GATE_ATTRIBUTE),
                        "/admin/*", "/user/*", "/public/*")
                .servlet("session", SessionServlet.class.getName(), Map.of(), "/open-session")
                .constraint("/admin/*", "admin")
                .constraint("/user/*", "**")
                .securityRole("admin");
    }

    @AfterAll
    void stop() throws Exception {
        if (container != null) {
            container.close();
        }
        if (issuer != null) {
            issuer.close();
        }
    }

    // --- the module under the container's constraints ------------------------------------------

    @Test
    void tokenWithTheRoleSatisfiesTheContainersConstraintAndTheServletSeesTheCaller() {
        assumeModule();
        HttpResponse<String> r = get("/module/admin/who", admin);
        assertEquals(200, r.statusCode(), r.body());
        assertEquals("user=alice|admin=true|authType=" + moduleAuthType() + "|principal=" + modulePrincipalClass()
                + "|scopes=" + scopesSeen() + "|session=false", withoutValidations(r.body()));
    }

    /** What the servlet reads of the scopes: only when getUserPrincipal() is the JwtPrincipal itself. */
    String scopesSeen() {
        return "JwtPrincipal".equals(modulePrincipalClass()) ? "[orders:read]" : "null";
    }

    @Test
    void tokenWithoutTheRoleGetsTheContainersForbidden() {
        assumeModule();
        HttpResponse<String> r = get("/module/admin/who", user);
        assertEquals(403, r.statusCode(), r.body());
        // The container decides the 403 after the module returned: no hook lets the module add a challenge.
        assertEquals(Optional.empty(), r.headers().firstValue("WWW-Authenticate"));
    }

    @Test
    void anyAuthenticatedCallerPassesTheDoubleStarConstraint() {
        assumeModule();
        HttpResponse<String> r = get("/module/user/who", user);
        assertEquals(200, r.statusCode(), r.body());
        assertTrue(r.body().startsWith("user=bob|admin=false|"), r.body());
    }

    @Test
    void noTokenOnAConstrainedResourceIsTheBearerChallenge() {
        assumeModule();
        for (String app : List.of("/module", "/module-basic")) {
            for (String path : List.of("/admin/who", "/user/who")) {
                HttpResponse<String> r = get(app + path, null);
                assertEquals(401, r.statusCode(), app + path);
                assertEquals(List.of(CHALLENGE), r.headers().allValues("WWW-Authenticate"), app + path);
                assertEquals(NO_CREDENTIALS_BODY, r.body(), app + path);
            }
        }
    }

    @Test
    void unconstrainedResourceNeedsNoTokenAndSeesOneThatIsSent() {
        assumeModule();
        HttpResponse<String> anonymous = get("/module/public/who", null);
        assertEquals(200, anonymous.statusCode());
        assertTrue(anonymous.body().startsWith("user=null|admin=false|authType=null|principal=null|"), anonymous.body());
        HttpResponse<String> known = get("/module/public/who", admin);
        assertEquals(200, known.statusCode());
        assertTrue(known.body().startsWith("user=alice|admin=true|"), known.body());
    }

    @Test
    void badTokenOnAnUnconstrainedResourceIsRefusedAsTheFilterRefusesIt() {
        assumeModule();
        String expired = expired();
        HttpResponse<String> module = get("/module/public/who", expired);
        if (!refusesOnUnconstrainedResources()) {
            // The caller stays unknown: never the token's caller, never a 500 or a hang.
            assertEquals(200, module.statusCode(), module.body());
            assertTrue(module.body().startsWith("user=null|admin=false|authType=null|principal=null|"), module.body());
            return;
        }
        assertEquals(401, module.statusCode());
        assertSameAnswer(get("/filter/admin/who", expired), module);
    }

    @Test
    void tokenInTheQueryOrTheFormBodyAuthenticatesToo() {
        assumeModule();
        HttpResponse<String> query = get("/module/admin/who?access_token=" + admin, null);
        assertEquals(200, query.statusCode(), query.body());
        HttpResponse<String> form = send(HttpRequest.newBuilder(container.uri("/module/admin/who"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("access_token=" + URLEncoder.encode(admin, StandardCharsets.UTF_8))));
        assertEquals(200, form.statusCode(), form.body());
        assertTrue(form.body().startsWith("user=alice|admin=true|"), form.body());
    }

    @Test
    void disabledModuleReadsNoTokenSoConstrainedResourcesStayClosed() {
        assumeModule();
        HttpResponse<String> constrained = get("/module-disabled/admin/who", admin);
        assertEquals(401, constrained.statusCode(), constrained.body());
        assertEquals(List.of(CHALLENGE), constrained.headers().allValues("WWW-Authenticate"));
        HttpResponse<String> open = get("/module-disabled/public/who", admin);
        assertEquals(200, open.statusCode());
        assertTrue(open.body().startsWith("user=null|"), open.body());
    }

    @Test
    void filterBehindTheModuleReusesItsDecisionInsteadOfValidatingAgain() {
        assumeModule();
        HttpResponse<String> r = get("/both/admin/who", admin);
        assertEquals(200, r.statusCode(), r.body());
        assertTrue(r.body().startsWith("user=alice|admin=true|authType=" + moduleAuthType() + "|"), r.body());
        assertEquals(0, validations(r), "the filter validated the token again");
        HttpResponse<String> refused = get("/both/admin/who", expired());
        assertSameAnswer(get("/filter/admin/who", expired()), refused, "module in front of the filter");
    }

    @Test
    void aSessionTheApplicationCreatesNeverCarriesTheCaller() {
        assumeModule();
        HttpResponse<String> opened = Http.get(container.uri("/module/open-session"), admin);
        assertEquals(200, opened.statusCode(), opened.body());
        assertTrue(opened.body().startsWith("user=alice|admin=true|"), opened.body());
        String cookie = opened.headers().firstValue("Set-Cookie").orElseThrow().split(";", 2)[0];
        HttpResponse<String> constrained = send(HttpRequest.newBuilder(container.uri("/module/admin/who")).header("Cookie", cookie));
        assertEquals(401, constrained.statusCode(), constrained.body());
        assertEquals(List.of(CHALLENGE), constrained.headers().allValues("WWW-Authenticate"));
        HttpResponse<String> open = send(HttpRequest.newBuilder(container.uri("/module/public/who")).header("Cookie", cookie));
        assertEquals(200, open.statusCode());
        assertTrue(open.body().startsWith("user=null|admin=false|authType=null|principal=null|"), open.body());
    }

    // --- DPoP (RFC 9449) through the module, as through the filter ------------------------------

    private static final org.jose4j.jwk.PublicJsonWebKey DPOP_KEY = org.jwtgate.testing.TestKeys.ec("P-256");

    private HttpResponse<String> dpop(String path, String token, String... proofs) {
        HttpRequest.Builder b = HttpRequest.newBuilder(container.uri(path)).header("Authorization", "DPoP " + token).GET();
        for (String p : proofs) {
            b.header("DPoP", p);
        }
        return send(b);
    }

    private String proof(String path, String token) {
        return org.jwtgate.testing.DpopProofs.minter(DPOP_KEY, "GET", container.uri(path).toString(), token,
                java.time.Clock.systemUTC()).sign();
    }

    @Test
    void aDpopCallerPassesTheModuleAsTheFilterAndAMissingProofIsTheSameDpopRefusal() {
        assumeModule();
        String bound = issuer.minter().subject("alice").audience("api").groups("admin").scope("orders:read")
                .claim("cnf", org.jwtgate.testing.DpopProofs.confirmation(DPOP_KEY)).sign();
        HttpResponse<String> module = dpop("/module-dpop/admin/who", bound, proof("/module-dpop/admin/who", bound));
        assertEquals(200, module.statusCode(), module.body());
        String authType = "JASPI".equals(moduleAuthType()) ? "JASPI" : "DPoP"; // Jetty 12 ee10 reports its own
        assertEquals("user=alice|admin=true|authType=" + authType + "|principal=" + modulePrincipalClass()
                + "|scopes=" + scopesSeen() + "|session=false", withoutValidations(module.body()));
        HttpResponse<String> filter = dpop("/filter-dpop/admin/who", bound, proof("/filter-dpop/admin/who", bound));
        assertEquals(200, filter.statusCode(), filter.body());
        assertTrue(filter.body().startsWith("user=alice|admin=true|authType=DPoP|"), filter.body());

        String challenge = "Bearer realm=\"" + REALM + "\", DPoP realm=\"" + REALM + "\", algs=\"ES256\"";
        HttpResponse<String> missing = dpop("/module-dpop/admin/who", bound);
        assertEquals(401, missing.statusCode(), missing.body());
        assertEquals(List.of("Bearer realm=\"" + REALM + "\", DPoP realm=\"" + REALM + "\", algs=\"ES256\", "
                + "error=\"invalid_dpop_proof\", error_description=\"The DPoP proof is missing\""),
                missing.headers().allValues("WWW-Authenticate"));
        assertSameAnswer(dpop("/filter-dpop/admin/who", bound), missing, "missing proof: module and filter");

        HttpResponse<String> noToken = get("/module-dpop/admin/who", null);
        assertEquals(List.of(challenge), noToken.headers().allValues("WWW-Authenticate"));
        assertSameAnswer(get("/filter-dpop/admin/who", null), noToken, "no token: module and filter");
        HttpResponse<String> asBearer = get("/module-dpop/admin/who", bound);
        assertEquals(401, asBearer.statusCode());
        assertSameAnswer(get("/filter-dpop/admin/who", bound), asBearer, "bound token as Bearer: module and filter");
        String p = proof("/module-dpop/admin/who", bound);
        assertEquals(200, dpop("/module-dpop/admin/who", bound, p).statusCode());
        HttpResponse<String> replayed = dpop("/module-dpop/admin/who", bound, p);
        assertEquals(401, replayed.statusCode());
        assertTrue(replayed.body().contains("The DPoP proof was used before"), replayed.body());
    }

    // --- parity: the servlet filter, the JAX-RS feature and the module answer alike --------------

    @Test
    void everyRefusalIsTheSameFromFilterJaxrsAndModule() {
        Map<String, String> tokens = new LinkedHashMap<>();
        tokens.put("expired", expired());
        tokens.put("wrong audience", issuer.minter().subject("alice").audience("other").groups("admin").sign());
        tokens.put("bad signature", TokenMinter.flipSignatureBit(admin));
        tokens.put("unknown kid", issuer.minter().subject("alice").audience("api").groups("admin").kid("no-such-kid").sign());
        tokens.put("not a JWT", "abc.def");
        for (var t : tokens.entrySet()) {
            HttpResponse<String> filter = get("/filter/admin/who", t.getValue());
            assertEquals(401, filter.statusCode(), t.getKey());
            assertTrue(filter.headers().firstValue("WWW-Authenticate").orElse("").contains("error=\"invalid_token\""), t.getKey());
            assertSameAnswer(filter, get("/jaxrs/admin/who", t.getValue()), t.getKey() + ": JAX-RS");
            if (parityApps().contains("/module")) {
                assertSameAnswer(filter, get("/module/admin/who", t.getValue()), t.getKey() + ": module");
            }
        }
    }

    @Test
    void noTokenIsTheSameChallengeFromFilterJaxrsAndModule() {
        HttpResponse<String> filter = get("/filter/admin/who", null);
        assertEquals(401, filter.statusCode());
        assertEquals(List.of(CHALLENGE), filter.headers().allValues("WWW-Authenticate"));
        assertSameAnswer(filter, get("/jaxrs/admin/who", null), "JAX-RS");
        if (parityApps().contains("/module")) {
            assertSameAnswer(filter, get("/module/admin/who", null), "module");
        }
    }

    @Test
    void everyChallengeNamesTheResourceMetadataAlikeFromFilterJaxrsAndModule() {
        String metadata = "resource_metadata=\"https://api.example.com/.well-known/oauth-protected-resource/api\"";
        List<String> apps = parityApps().stream().map(a -> a + "-rm").toList();
        HttpResponse<String> none = get(apps.get(0) + "/admin/who", null);
        assertEquals(401, none.statusCode());
        assertEquals(List.of(CHALLENGE + ", " + metadata + ", DPoP realm=\"" + REALM + "\", algs=\"ES256\", " + metadata),
                none.headers().allValues("WWW-Authenticate"));
        HttpResponse<String> bad = get(apps.get(0) + "/admin/who", "not.a.token");
        assertEquals(401, bad.statusCode());
        assertTrue(bad.headers().firstValue("WWW-Authenticate").orElse("").startsWith(CHALLENGE + ", " + metadata
                + ", error=\"invalid_token\""), bad.headers().toString());
        HttpResponse<String> dpop = send(HttpRequest.newBuilder(container.uri(apps.get(0) + "/admin/who"))
                .header("Authorization", "DPoP not.a.token"));
        assertTrue(dpop.headers().firstValue("WWW-Authenticate").orElse("").contains("algs=\"ES256\", " + metadata
                + ", error="), dpop.headers().toString());
        for (String app : apps.subList(1, apps.size())) {
            assertSameAnswer(none, get(app + "/admin/who", null), app);
            assertSameAnswer(bad, get(app + "/admin/who", "not.a.token"), app);
            assertSameAnswer(dpop, send(HttpRequest.newBuilder(container.uri(app + "/admin/who"))
                    .header("Authorization", "DPoP not.a.token")), app);
        }
    }

    @Test
    void tokenSentTwoWaysIsTheSameInvalidRequestFromFilterJaxrsAndModule() {
        String query = "/admin/who?access_token=" + admin;
        HttpResponse<String> filter = get("/filter" + query, admin);
        assertEquals(400, filter.statusCode());
        assertTrue(filter.headers().firstValue("WWW-Authenticate").orElse("").contains("error=\"invalid_request\""));
        assertSameAnswer(filter, get("/jaxrs" + query, admin), "JAX-RS");
        if (parityApps().contains("/module")) {
            assertSameAnswer(filter, get("/module" + query, admin), "module");
        }

        String form = "access_token=" + URLEncoder.encode(admin, StandardCharsets.UTF_8);
        List<HttpResponse<String>> posts = parityApps().stream()
                .map(app -> send(HttpRequest.newBuilder(container.uri(app + "/admin/who"))
                        .header("Authorization", "Bearer " + admin)
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(form))))
                .toList();
        assertEquals(400, posts.get(0).statusCode());
        assertSameAnswer(posts.get(0), posts.get(1), "form, JAX-RS");
        if (posts.size() > 2) {
            assertSameAnswer(posts.get(0), posts.get(2), "form, module");
        }
    }

    @Test
    void validTokenIsAcceptedByFilterJaxrsAndModule() {
        for (String app : parityApps()) {
            HttpResponse<String> header = get(app + "/admin/who", admin);
            assertEquals(200, header.statusCode(), app);
            assertTrue(header.body().startsWith("user=alice|admin=true"), app + ": " + header.body());
            assertEquals(Optional.empty(), header.headers().firstValue("WWW-Authenticate"), app);
            HttpResponse<String> query = get(app + "/admin/who?access_token=" + admin, null);
            assertEquals(200, query.statusCode(), app);
        }
    }

    @Test
    void missingRoleIsForbiddenByJaxrsAndByTheModulesContainer() {
        assumeModule();
        HttpResponse<String> jaxrs = get("/jaxrs/admin/who", user);
        assertEquals(403, jaxrs.statusCode());
        assertTrue(jaxrs.headers().firstValue("WWW-Authenticate").orElse("").contains("error=\"insufficient_scope\""));
        HttpResponse<String> module = get("/module/admin/who", user);
        assertEquals(jaxrs.statusCode(), module.statusCode());
    }

    // --- the filter over async and non-blocking servlets -----------------------------------------

    @Test
    void filterKeepsTheCallerAcrossAnAsyncDispatchAndValidatesOnce() {
        long before = validations(get("/filter/public/who", null));
        String fresh = issuer.minter().subject("carol").audience("api").groups("admin").sign();
        HttpResponse<String> r = get("/filter/async/private/x", fresh);
        assertEquals(200, r.statusCode(), r.body());
        assertTrue(r.body().startsWith("dispatch=ASYNC|user=carol|admin=true|authType=Bearer|principal=JwtPrincipal|"), r.body());
        assertEquals(before + 1, validations(r));
    }

    @Test
    void filterRefusesAnAsyncServletOnAProtectedPathWithoutAToken() {
        HttpResponse<String> r = get("/filter/async/private/x", null);
        assertEquals(401, r.statusCode());
        assertEquals(List.of(CHALLENGE), r.headers().allValues("WWW-Authenticate"));
        assertEquals(NO_CREDENTIALS_BODY, r.body());
    }

    @Test
    void filterLetsAnAsyncServletOnAnUnprotectedPathRun() {
        HttpResponse<String> r = get("/filter/async/public/x", null);
        assertEquals(200, r.statusCode(), r.body());
        assertTrue(r.body().startsWith("dispatch=ASYNC|user=null|"), r.body());
    }

    @Test
    void filterServesNonBlockingServlets() {
        HttpResponse<String> known = post("/filter/nonblocking/private/x", admin, "hello");
        assertEquals(200, known.statusCode(), known.body());
        assertTrue(known.body().startsWith("read=5|user=alice|admin=true|authType=Bearer|"), known.body());
        HttpResponse<String> refused = post("/filter/nonblocking/private/x", null, "hello");
        assertEquals(401, refused.statusCode());
        assertEquals(NO_CREDENTIALS_BODY, refused.body());
        HttpResponse<String> open = post("/filter/nonblocking/public/x", null, "hello");
        assertEquals(200, open.statusCode(), open.body());
        assertTrue(open.body().startsWith("read=5|user=null|"), open.body());
    }

    // --- helpers --------------------------------------------------------------------------------

    String expired() {
        return issuer.minter().subject("alice").audience("api").groups("admin")
                .issuedAt(Instant.now().minus(Duration.ofHours(2))).expiresAt(Instant.now().minus(Duration.ofHours(1))).sign();
    }

    HttpResponse<String> get(String pathAndQuery, String bearer) {
        return checked(Http.get(container.uri(pathAndQuery), bearer));
    }

    HttpResponse<String> post(String path, String bearer, String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(container.uri(path)).header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (bearer != null) {
            b.header("Authorization", "Bearer " + bearer);
        }
        return send(b);
    }

    HttpResponse<String> send(HttpRequest.Builder request) {
        return checked(Http.send(request));
    }

    /** No response of any path ever starts a session. */
    private HttpResponse<String> checked(HttpResponse<String> r) {
        assertEquals(List.of(), r.headers().allValues("Set-Cookie"), container.name() + " " + r.uri());
        assertFalse(r.body().contains("session=true") && r.request().headers().firstValue("Cookie").isEmpty(),
                r.uri() + ": " + r.body());
        return r;
    }

    static void assertSameAnswer(HttpResponse<String> expected, HttpResponse<String> actual, String what) {
        assertEquals(expected.statusCode(), actual.statusCode(), what + ": status");
        assertEquals(expected.headers().allValues("WWW-Authenticate"), actual.headers().allValues("WWW-Authenticate"),
                what + ": WWW-Authenticate");
        assertEquals(expected.headers().allValues("Retry-After"), actual.headers().allValues("Retry-After"), what + ": Retry-After");
        assertEquals(expected.body(), actual.body(), what + ": body");
    }

    static void assertSameAnswer(HttpResponse<String> expected, HttpResponse<String> actual) {
        assertSameAnswer(expected, actual, String.valueOf(actual.uri()));
    }

    private static final Pattern VALIDATIONS = Pattern.compile("\\|validations=(\\d+|-)$");

    static String withoutValidations(String body) {
        return VALIDATIONS.matcher(body).replaceFirst("");
    }

    static long validations(HttpResponse<String> r) {
        Matcher m = VALIDATIONS.matcher(r.body());
        assertTrue(m.find(), r.body());
        return Long.parseLong(m.group(1));
    }

    URI uri(String pathAndQuery) {
        return container.uri(pathAndQuery);
    }
}
