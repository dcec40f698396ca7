package org.jwtgate.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jose4j.json.JsonUtil;
import org.jwtgate.error.Reason;
import org.jwtgate.testing.LocalIssuer;
import org.jwtgate.testing.TestKeys;
import org.jwtgate.testing.TokenMinter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The legacy WAR (module legacy-war: web.xml security constraints, isUserInRole, an EJB and a CDI bean with
 * {@code @RolesAllowed}, Jakarta Security's SecurityContext), switched to bearer tokens by web.xml lines
 * (and, for the CDI bean's roles on Payara, jwtgate-security's jar) only, on every container: the container's
 * own constraints and role checks answer from the token. Every
 * response is checked for {@code Set-Cookie}: no path creates a session.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class LegacyWarContract {
    static final String AUDIENCE = "legacy-api";
    static final String CHALLENGE = "Bearer realm=\"legacy\"";

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private LocalIssuer idp;
    private Container container;

    abstract Container.Kind kind();

    /** Whether the server has CDI, EJB and Jakarta Security (Payara), so that /user/ejb, /user/cdi, /user/security-context run. */
    boolean enterprise() {
        return kind() == Container.Kind.PAYARA_MICRO_6 || kind() == Container.Kind.PAYARA_SERVER_6;
    }

    /**
     * Whether a bad token on an unconstrained path is refused. Every container does (on Jetty, which asks the
     * module there only when the application asks who the caller is, by the filter the listener adds).
     */
    boolean refusesOnUnconstrainedPaths() {
        return true;
    }

    /** The WAR to deploy: the built legacy WAR unless a subclass switches it differently. */
    Container.Webapp webapp() throws Exception {
        return Container.Webapp.LEGACY;
    }

    @BeforeAll
    void start() throws Exception {
        idp = LocalIssuer.start("realms/legacy", TestKeys.rsa());
        long t0 = System.nanoTime();
        container = Container.start(kind(), webapp(), Map.of("JWTGATE_ISSUERS", idp.issuer(), "JWTGATE_AUDIENCES", AUDIENCE), null);
        System.out.println(kind() + " started the legacy WAR in " + (System.nanoTime() - t0) / 1_000_000 + " ms");
    }

    @AfterAll
    void stop() {
        if (container != null) {
            container.close();
        }
        if (idp != null) {
            idp.close();
        }
    }

    // --- helpers -------------------------------------------------------------------------------

    private TokenMinter token(String... groups) {
        return idp.minter().audience(AUDIENCE).subject("alice").groups(groups);
    }

    private HttpResponse<String> get(String path, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(container.uri(path)).timeout(Duration.ofSeconds(30)).GET();
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(List.of(), r.headers().allValues("Set-Cookie"), "no session, no cookie: " + path);
        return r;
    }

    private HttpResponse<String> bearer(String path, String token) throws Exception {
        return get(path, "Authorization", "Bearer " + token);
    }

    private Map<String, Object> json(HttpResponse<String> r, int status) throws Exception {
        assertEquals(status, r.statusCode(), r.body() + "\n" + container.tail());
        return JsonUtil.parseJson(r.body());
    }

    private static void assertRefused(HttpResponse<String> r, Reason reason) {
        assertEquals(reason.status(), r.statusCode(), r.body());
        assertEquals(List.of(CHALLENGE + ", error=\"" + reason.code().code() + "\", error_description=\""
                + reason.description() + "\""), r.headers().allValues("WWW-Authenticate"));
        assertEquals("{\"error\":\"" + reason.code().code() + "\",\"error_description\":\"" + reason.description() + "\"}",
                r.body());
    }

    // --- the suite -----------------------------------------------------------------------------

    @Test
    void constrainedPathWithoutTokenGetsTheBearerChallengeNotALoginPage() throws Exception {
        for (String path : List.of("/user/caller", "/admin/caller")) {
            HttpResponse<String> r = get(path);
            assertEquals(401, r.statusCode(), path + ": " + r.body());
            assertEquals(List.of(CHALLENGE), r.headers().allValues("WWW-Authenticate"), path);
        }
        HttpResponse<String> basic = get("/user/caller", "Authorization", "Basic dXNlcjpwdw==");
        assertEquals(401, basic.statusCode());
        assertEquals(List.of(CHALLENGE), basic.headers().allValues("WWW-Authenticate"));
    }

    @Test
    void unconstrainedPathIsAnonymousWithoutToken() throws Exception {
        Map<String, Object> caller = json(get("/public/caller"), 200);
        assertEquals(null, caller.get("remoteUser"));
        assertEquals(null, caller.get("principal"));
        assertEquals(Boolean.FALSE, caller.get("user"));
        assertEquals(Boolean.FALSE, caller.get("session"));
        assertEquals(200, get("/health").statusCode());
    }

    @Test
    void tokenWithTheRoleSatisfiesTheContainersConstraint() throws Exception {
        Map<String, Object> caller = json(bearer("/user/caller", token("user").sign()), 200);
        assertEquals("alice", caller.get("remoteUser"));
        assertEquals("alice", caller.get("principal"));
        assertEquals(Boolean.TRUE, caller.get("user"));
        assertEquals(Boolean.FALSE, caller.get("admin"));
        assertEquals(Boolean.FALSE, caller.get("session"));
        System.out.println(kind() + " getUserPrincipal(): " + caller.get("principalType") + ", getAuthType(): " + caller.get("authType"));
        Map<String, Object> admin = json(bearer("/admin/caller", token("user", "admin").sign()), 200);
        assertEquals(Boolean.TRUE, admin.get("admin"));
        assertEquals(Boolean.TRUE, admin.get("user"));
    }

    @Test
    void authTypeIsBearer() throws Exception {
        assertEquals("Bearer", json(bearer("/user/caller", token("user").sign()), 200).get("authType"));
    }

    @Test
    void tokenOnAnUnconstrainedPathStillNamesTheCaller() throws Exception {
        Map<String, Object> caller = json(bearer("/public/caller", token("admin").sign()), 200);
        assertEquals("alice", caller.get("remoteUser"));
        assertEquals(Boolean.TRUE, caller.get("admin"));
    }

    @Test
    void tokenWithoutTheRoleIsForbiddenByTheContainer() throws Exception {
        HttpResponse<String> r = bearer("/admin/caller", token("user").sign());
        assertEquals(403, r.statusCode(), r.body());
        assertFalse(r.body().contains("alice"), "the application did not run");
        HttpResponse<String> none = bearer("/user/caller", token().sign());
        assertEquals(403, none.statusCode(), none.body());
    }

    @Test
    void badTokensGetTheCoresAnswerOnConstrainedAndUnconstrainedPaths() throws Exception {
        String marker = "claim-marker-" + kind().name();
        String good = token("user").claim("note", marker).sign();
        for (String path : List.of("/user/caller", "/public/caller")) {
            if (path.startsWith("/public/") && !refusesOnUnconstrainedPaths()) {
                for (String bad : List.of(TokenMinter.flipSignatureBit(good), token("user").kid("no-such-kid").sign(), "not-a-jwt")) {
                    Map<String, Object> caller = json(bearer(path, bad), 200);
                    assertEquals(null, caller.get("remoteUser"));
                    assertEquals(Boolean.FALSE, caller.get("user"));
                }
                continue;
            }
            assertRefused(bearer(path, TokenMinter.flipSignatureBit(good)), Reason.BAD_SIGNATURE);
            assertRefused(bearer(path, token("user").kid("no-such-kid").sign()), Reason.UNKNOWN_KEY);
            assertRefused(bearer(path, token("user").audience("another-api").sign()), Reason.WRONG_AUDIENCE);
            assertRefused(bearer(path, token("user").issuedAt(Instant.now().minusSeconds(3600))
                    .expiresAt(Instant.now().minusSeconds(600)).claim("note", marker).sign()), Reason.EXPIRED);
            assertRefused(bearer(path, "not-a-jwt"), Reason.MALFORMED_TOKEN);
            assertRefused(get(path, "Authorization", "Bearer " + good, "Authorization", "Bearer " + good), Reason.MULTIPLE_TOKENS);
        }
        assertFalse(container.output().contains(marker), "the container log never shows claims");
    }

    @Test
    void ejbRolesAllowedAnswersFromTheToken() throws Exception {
        HttpResponse<String> admin = bearer("/user/ejb", token("user", "admin").sign());
        if (!enterprise()) {
            assertEquals(501, admin.statusCode(), admin.body());
            return;
        }
        assertEquals("alice", json(admin, 200).get("caller"));
        Map<String, Object> denied = json(bearer("/user/ejb", token("user").sign()), 403);
        assertTrue(String.valueOf(denied.get("denied")).contains("AccessException"), denied.toString());
    }

    /**
     * A plain CDI bean's {@code @RolesAllowed("admin")} holds on Payara, enforced by jwtgate-security's CDI
     * extension from {@code SecurityContext} (Payara's own interceptor handles only its {@code @RolesPermitted}),
     * and refused with core's answers, mapped by the servlet: with the role 200; without it 403
     * {@code insufficient_scope}, as the filter answers a missing role; on the unconstrained {@code /public/cdi}
     * without a token 401 with the bare challenge, byte for byte what a constrained path answers.
     */
    @Test
    void cdiBeanRolesAllowedIsEnforcedWithTheCoresAnswers() throws Exception {
        HttpResponse<String> admin = bearer("/user/cdi", token("user", "admin").sign());
        if (!enterprise()) {
            assertEquals(501, admin.statusCode(), admin.body());
            assertEquals(501, get("/public/cdi").statusCode());
            return;
        }
        assertEquals("alice", json(admin, 200).get("caller"));
        assertEquals("alice", json(bearer("/public/cdi", token("admin").sign()), 200).get("caller"));
        assertMissingRole(bearer("/user/cdi", token("user").sign()));
        assertMissingRole(bearer("/public/cdi", token("user").sign()));
        assertMissingRole(bearer("/public/cdi", token().sign()));
        assertAnonymousGetsTheBareChallenge("/public/cdi");
    }

    /**
     * {@code /public/cdi-unmapped} calls the same bean and lets a refusal out unmapped: jwtgate-security's filter
     * (added by the jar's initializer) answers it with core's bytes, not the server's 500.
     */
    @Test
    void unmappedCdiRefusalIsCoresAnswerNotA500() throws Exception {
        HttpResponse<String> admin = bearer("/public/cdi-unmapped", token("admin").sign());
        if (!enterprise()) {
            assertEquals(501, admin.statusCode(), admin.body());
            return;
        }
        assertEquals("alice", json(admin, 200).get("caller"));
        assertMissingRole(bearer("/public/cdi-unmapped", token("user").sign()));
        assertAnonymousGetsTheBareChallenge("/public/cdi-unmapped");
    }

    /** Without a token, {@code path} answers byte for byte what a constrained path answers: 401, bare challenge. */
    private void assertAnonymousGetsTheBareChallenge(String path) throws Exception {
        HttpResponse<String> anonymous = get(path);
        HttpResponse<String> constrained = get("/user/caller");
        assertEquals(401, anonymous.statusCode(), anonymous.body() + "\n" + container.tail());
        assertEquals(List.of(CHALLENGE), anonymous.headers().allValues("WWW-Authenticate"));
        assertEquals(constrained.body(), anonymous.body(), "the module's own 401 body");
        assertEquals(constrained.headers().allValues("Cache-Control"), anonymous.headers().allValues("Cache-Control"));
    }

    private void assertMissingRole(HttpResponse<String> r) {
        assertEquals(403, r.statusCode(), r.body() + "\n" + container.tail());
        assertEquals(List.of(CHALLENGE + ", error=\"insufficient_scope\", error_description=\""
                + Reason.MISSING_ROLE.description() + "\""), r.headers().allValues("WWW-Authenticate"));
        assertEquals("{\"error\":\"insufficient_scope\",\"error_description\":\"" + Reason.MISSING_ROLE.description()
                + "\"}", r.body());
        assertFalse(r.body().contains("alice"), "the bean did not run");
    }

    /**
     * One jwtgate engine for the application, whichever switches it on: on Payara the WAR carries jwtgate-security
     * (for the CDI role check) next to the listener, so the mechanism bean exists in both variants; it must not
     * build a second engine (a second JWKS refresh thread, a second MBean) beside the listener's. Counted in the
     * server's JVM after requests have been served: {@code org.jwtgate.JwtGate} instances after a full GC, and
     * {@code jwtgate-jwks-refresh} threads.
     */
    @Test
    void oneEngineForTheApplication() throws Exception {
        if (!enterprise()) {
            return;
        }
        assertEquals(200, bearer("/user/caller", token("user").sign()).statusCode());
        assertEquals(401, get("/public/cdi").statusCode());
        long pid = container.pid();
        List<String> refreshers = UndeployLeaks.jwtgateThreads(pid).stream().filter("jwtgate-jwks-refresh"::equals).toList();
        long engines = UndeployLeaks.instances(pid, "org.jwtgate.JwtGate");
        System.out.println(kind() + " jwtgate engines: " + engines + ", refresh threads: " + refreshers.size());
        assertEquals(1, engines, UndeployLeaks.heapOf(pid));
        assertEquals(1, refreshers.size(), refreshers.toString());
    }

    @Test
    void securityContextAnswersFromTheToken() throws Exception {
        HttpResponse<String> r = bearer("/user/security-context", token("user").sign());
        if (!enterprise()) {
            assertEquals(501, r.statusCode(), r.body());
            return;
        }
        Map<String, Object> view = json(r, 200);
        assertEquals("alice", view.get("caller"));
        assertEquals(Boolean.TRUE, view.get("user"));
        assertEquals(Boolean.FALSE, view.get("admin"));
    }
}
