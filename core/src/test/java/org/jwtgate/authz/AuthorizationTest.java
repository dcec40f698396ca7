package org.jwtgate.authz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.jwtgate.Decision;
import org.jwtgate.GateFixture;
import org.jwtgate.JwtPrincipal;
import org.jwtgate.TestRequest;
import org.jwtgate.config.Mode;
import org.jwtgate.error.ErrorResponse;
import org.jwtgate.error.Reason;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Role and scope decisions shared by the adapters, against a real local issuer. */
class AuthorizationTest {
    private static final String REALM = "orders";
    private static final AccessRule ADMIN_READ = AccessRule.requires(List.of("admin"), List.of("orders:read", "orders:write"));

    private static GateFixture f;
    private static GateFixture optional;

    @BeforeAll
    static void start() {
        f = GateFixture.start(b -> b.realm(REALM).protectedPaths(List.of("/api/*")).excludedPaths(List.of("/api/health")));
        optional = GateFixture.withIssuer(f.issuer, b -> b.realm(REALM).mode(Mode.OPTIONAL));
    }

    @AfterAll
    static void stop() {
        optional.gate.close();
        f.close();
    }

    private static Decision decide(String path, TestRequest request, AccessRule rule) {
        Decision authenticated = Authorization.authenticate(f.gate, path, request, rule, null);
        return Authorization.authorize(f.gate.responses(), authenticated, rule);
    }

    private static ErrorResponse refused(Decision d) {
        return assertInstanceOf(Decision.Respond.class, d).response();
    }

    private static JwtPrincipal principal(Decision d) {
        return assertInstanceOf(Decision.Proceed.class, d).principal().orElseThrow();
    }

    @Test
    void callerWithRoleAndEveryScopeProceeds() {
        String token = f.minter().groups("admin").scope("orders:read orders:write extra").sign();
        assertEquals("alice", principal(decide("/api/orders", TestRequest.bearer(token), ADMIN_READ)).getName());
    }

    @Test
    void missingRoleIs403WithoutScopeAttribute() {
        String token = f.minter().groups("staff").scope("orders:read orders:write").sign();
        ErrorResponse r = refused(decide("/api/orders", TestRequest.bearer(token), ADMIN_READ));
        assertEquals(403, r.status());
        assertEquals("Bearer realm=\"orders\", error=\"insufficient_scope\", error_description=\""
                + Reason.MISSING_ROLE.description() + "\"", r.wwwAuthenticate());
    }

    @Test
    void missingScopeIs403NamingEveryRequiredScope() {
        String token = f.minter().groups("admin").claim("scp", List.of("orders:read")).sign();
        ErrorResponse r = refused(decide("/api/orders", TestRequest.bearer(token), ADMIN_READ));
        assertEquals(403, r.status());
        assertEquals("Bearer realm=\"orders\", error=\"insufficient_scope\", error_description=\""
                + Reason.MISSING_SCOPE.description() + "\", scope=\"orders:read orders:write\"", r.wwwAuthenticate());
        assertEquals("{\"error\":\"insufficient_scope\",\"error_description\":\"" + Reason.MISSING_SCOPE.description()
                + "\"}", r.body());
    }

    @Test
    void scpArrayClaimSatisfiesScopes() {
        String token = f.minter().groups("admin").claim("scp", List.of("orders:read", "orders:write")).sign();
        principal(decide("/api/orders", TestRequest.bearer(token), ADMIN_READ));
    }

    @Test
    void anyAuthenticatedRoleAcceptsEveryCaller() {
        AccessRule any = AccessRule.requires(List.of(AccessRule.ANY_AUTHENTICATED), List.of());
        principal(decide("/api/orders", TestRequest.bearer(f.minter().sign()), any));
        assertEquals(401, refused(decide("/api/orders", TestRequest.create(), any)).status());
    }

    @Test
    void noTokenOnRestrictedResourceIsBare401EvenOnExcludedPathOrInOptionalMode() {
        for (String path : List.of("/api/orders", "/api/health", "/elsewhere")) {
            ErrorResponse r = refused(decide(path, TestRequest.create(), ADMIN_READ));
            assertEquals(401, r.status());
            assertEquals("Bearer realm=\"orders\"", r.wwwAuthenticate());
        }
        Decision anonymous = Authorization.authenticate(optional.gate, "/x", TestRequest.create(), ADMIN_READ, null);
        assertEquals(401, refused(Authorization.authorize(optional.gate.responses(), anonymous, ADMIN_READ)).status());
    }

    @Test
    void restrictedResourceOnExcludedPathStillChecksTheToken() {
        String token = f.minter().groups("admin").scope("orders:read orders:write").sign();
        principal(decide("/api/health", TestRequest.bearer(token), ADMIN_READ));
        ErrorResponse r = refused(decide("/api/health", TestRequest.bearer(f.minter().audience("other").sign()), ADMIN_READ));
        assertEquals(401, r.status());
        assertTrue(r.wwwAuthenticate().contains(Reason.WRONG_AUDIENCE.description()));
    }

    @Test
    void denyAllIs401WithoutTokenAnd403WithOne() {
        assertEquals(401, refused(decide("/api/orders", TestRequest.create(), AccessRule.DENY_ALL)).status());
        ErrorResponse r = refused(decide("/api/orders", TestRequest.bearer(f.minter().groups("admin").sign()),
                AccessRule.DENY_ALL));
        assertEquals(403, r.status());
        assertTrue(r.wwwAuthenticate().contains("error=\"insufficient_scope\""));
    }

    @Test
    void permitAllLetsAnonymousCallersThroughButRefusesBadTokensOnProtectedPaths() {
        assertSame(Decision.ANONYMOUS, decide("/api/orders", TestRequest.create(), AccessRule.PERMIT_ALL));
        String expired = f.minter().expiresAt(f.clock.instant().minusSeconds(3600)).sign();
        assertEquals(401, refused(decide("/api/orders", TestRequest.bearer(expired), AccessRule.PERMIT_ALL)).status());
        // an unprotected path is not looked at
        assertSame(Decision.ANONYMOUS, decide("/api/health", TestRequest.bearer(expired), AccessRule.PERMIT_ALL));
    }

    @Test
    void disabledGateChecksNoTokenSoRestrictedResourcesGet401() {
        try (var disabled = org.jwtgate.JwtGate.createWithoutBackgroundRefresh(org.jwtgate.config.GateConfig.builder()
                .issuer(f.issuer.issuer(), f.issuer.jwksUri()).audiences(GateFixture.AUDIENCE).realm(REALM)
                .enabled(false).build())) {
            TestRequest request = TestRequest.bearer(f.minter().groups("admin").sign());
            assertSame(Decision.ANONYMOUS, Authorization.authenticate(disabled, "/api/orders", request,
                    AccessRule.PATH_POLICY, null));
            Decision anonymous = Authorization.authenticate(disabled, "/api/orders", request, ADMIN_READ, null);
            assertSame(Decision.ANONYMOUS, anonymous);
            assertEquals(401, refused(Authorization.authorize(disabled.responses(), anonymous, ADMIN_READ)).status());
            assertEquals(0, disabled.validations());
        }
    }

    @Test
    void pathPolicyIsTheGateDecision() {
        assertEquals(401, refused(decide("/api/orders", TestRequest.create(), AccessRule.PATH_POLICY)).status());
        assertSame(Decision.ANONYMOUS, decide("/api/health", TestRequest.create(), AccessRule.PATH_POLICY));
        principal(decide("/api/orders", TestRequest.bearer(f.minter().sign()), AccessRule.PATH_POLICY));
    }

    @Test
    void storedAuthenticatedOrRefusingDecisionIsReusedWithoutValidation() {
        Decision stored = Authorization.authenticate(f.gate, "/api/orders", TestRequest.bearer(f.minter().sign()),
                AccessRule.PATH_POLICY, null);
        long before = f.gate.validations();
        assertSame(stored, Authorization.authenticate(f.gate, "/api/orders", TestRequest.create(), ADMIN_READ, stored));
        Decision refusal = new Decision.Respond(f.gate.responses().noCredentials());
        assertSame(refusal, Authorization.authenticate(f.gate, "/api/orders", TestRequest.create(), ADMIN_READ, refusal));
        assertEquals(before, f.gate.validations());
    }

    @Test
    void storedAnonymousDecisionIsReconsidered() {
        String token = f.minter().sign();
        Decision d = Authorization.authenticate(f.gate, "/api/orders", TestRequest.bearer(token), AccessRule.PATH_POLICY,
                Decision.ANONYMOUS);
        assertEquals("alice", principal(d).getName());
    }

    @Test
    void eachValidatedTokenIsCountedOnce() {
        long before = f.gate.validations();
        f.gate.decide("/api/orders", TestRequest.bearer(f.minter().sign()));
        f.gate.decide("/api/orders", TestRequest.create());
        f.gate.decide("/api/health", TestRequest.bearer(f.minter().sign()));
        assertEquals(before + 1, f.gate.validations());
    }

    @Test
    void scopesMustBeScopeTokensAndRolesNonBlank() {
        assertThrows(IllegalArgumentException.class, () -> AccessRule.requires(List.of(), List.of("a\"b")));
        assertThrows(IllegalArgumentException.class, () -> AccessRule.requires(List.of(), List.of("a b")));
        assertThrows(IllegalArgumentException.class, () -> AccessRule.requires(List.of(" "), List.of()));
    }

    @Test
    void isUserInRoleKnowsTheAnyAuthenticatedRole() {
        JwtPrincipal p = principal(decide("/api/orders", TestRequest.bearer(f.minter().groups("staff").sign()),
                AccessRule.PATH_POLICY));
        assertTrue(Authorization.isUserInRole(p, "staff"));
        assertTrue(Authorization.isUserInRole(p, "**"));
        assertEquals(false, Authorization.isUserInRole(p, "admin"));
        assertEquals(false, Authorization.isUserInRole(p, null));
    }

    @Test
    void anotherEnginesCallerIsRevalidatedUnlessThisEngineTrustsItToo() {
        try (org.jwtgate.testing.LocalIssuer tenantB = org.jwtgate.testing.LocalIssuer.start("tenant-b");
                GateFixture onlyB = GateFixture.configured(tenantB, b -> b.realm(REALM)
                        .issuer(tenantB.issuer(), tenantB.jwksUri()))) {
            String tokenOfA = f.minter().sign();
            Decision byA = Authorization.authenticate(f.gate, "/api/x", TestRequest.bearer(tokenOfA), AccessRule.PATH_POLICY, null);
            assertEquals("alice", principal(byA).getName());
            Decision byB = Authorization.authenticate(onlyB.gate, "/api/x", TestRequest.bearer(tokenOfA), AccessRule.PATH_POLICY, byA);
            assertEquals(401, refused(byB).status(), "B trusts only its own issuer");
            assertEquals(Reason.UNTRUSTED_ISSUER.description(), refused(byB).body().replaceAll(".*description\":\"|\"}", ""));
            // an engine with the same trust reuses the decision without validating again
            long before = optional.gate.validations();
            assertEquals(byA, Authorization.authenticate(optional.gate, "/api/x", TestRequest.bearer(tokenOfA), AccessRule.PATH_POLICY, byA));
            assertEquals(before, optional.gate.validations());
        }
    }

    @Test
    void aDecisionTakenUnderAnotherPolicyIsNotReused() {
        // The outer engine has no typ rule and takes RS256; the inner one wants at+jwt access tokens signed
        // with PS256 and reads roles elsewhere. An RS256 ID token the outer one accepted must not pass.
        GateFixture inner = GateFixture.withIssuer(f.issuer, b -> b.realm(REALM).requiredType("at+jwt")
                .roleClaims(List.of("roles")));
        GateFixture psOnly = GateFixture.withIssuer(f.issuer, b -> b.realm(REALM).algorithms(List.of("PS256")));
        try {
            String idToken = f.minter().type("JWT").groups("admin").sign();
            Decision byOuter = Authorization.authenticate(f.gate, "/api/x", TestRequest.bearer(idToken), AccessRule.PATH_POLICY, null);
            assertTrue(principal(byOuter).hasRole("admin"));
            long before = inner.gate.validations();
            Decision byInner = Authorization.authenticate(inner.gate, "/api/x", TestRequest.bearer(idToken),
                    AccessRule.PATH_POLICY, byOuter);
            assertEquals(401, refused(byInner).status(), "the inner engine validates again and refuses");
            assertEquals(before + 1, inner.gate.validations());
            assertEquals(401, refused(Authorization.authenticate(psOnly.gate, "/api/x", TestRequest.bearer(idToken),
                    AccessRule.PATH_POLICY, byOuter)).status(), "an engine taking PS256 only refuses the RS256 token");
            // A token the inner engine accepts gets the inner engine's roles, not the outer one's.
            String accessToken = f.minter().type("at+jwt").groups("admin").claim("roles", List.of("clerk")).sign();
            Decision outer = Authorization.authenticate(f.gate, "/api/x", TestRequest.bearer(accessToken), AccessRule.PATH_POLICY, null);
            JwtPrincipal p = principal(Authorization.authenticate(inner.gate, "/api/x", TestRequest.bearer(accessToken),
                    AccessRule.PATH_POLICY, outer));
            assertEquals(java.util.Set.of("clerk"), p.roles());
            // A principal made outside any engine is never trusted as a decision either.
            Decision forged = new Decision.Proceed(java.util.Optional.of(principal(outer)));
            assertEquals(401, refused(Authorization.authenticate(f.gate, "/api/x", TestRequest.create(), AccessRule.PATH_POLICY,
                    forged)).status());
        } finally {
            inner.gate.close();
            psOnly.gate.close();
        }
    }

    @Test
    void whichKeyLocationsAreTrustedIsPartOfThePolicy() {
        // Found by review: an outer engine allowing a cross-origin jwks_uri accepted a token an inner engine
        // (default: same origin only) would have answered 503 for, and the inner one reused the decision.
        for (java.util.function.Consumer<org.jwtgate.config.GateConfig.Builder> looser : List.<java.util.function.Consumer<
                org.jwtgate.config.GateConfig.Builder>>of(b -> b.jwksAllowCrossOrigin(true), b -> b.jwksAllowHttp(true))) {
            GateFixture loose = GateFixture.withIssuer(f.issuer, b -> looser.accept(b.realm(REALM)));
            try {
                Decision byLoose = Authorization.authenticate(loose.gate, "/api/x", TestRequest.bearer(f.minter().sign()),
                        AccessRule.PATH_POLICY, null);
                assertEquals(false, f.gate.reuses((Decision.Proceed) byLoose, "/api/x", TestRequest.bearer(f.minter().sign())));
            } finally {
                loose.gate.close();
            }
        }
    }
}
