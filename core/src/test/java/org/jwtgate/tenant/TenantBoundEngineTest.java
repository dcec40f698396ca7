package org.jwtgate.tenant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.jwtgate.Decision;
import org.jwtgate.JwtGate;
import org.jwtgate.Outcome;
import org.jwtgate.TestRequest;
import org.jwtgate.authz.AccessRule;
import org.jwtgate.authz.Authorization;
import org.jwtgate.config.GateConfig;
import org.jwtgate.config.Mode;
import org.jwtgate.error.ErrorResponse;
import org.jwtgate.error.Reason;
import org.jwtgate.testing.LocalIssuer;
import org.jwtgate.testing.MutableClock;
import org.jwtgate.testing.TokenMinter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Tenant-bound routes through the whole engine, against real local issuers: the tenants acme and
 * globex of one identity provider ({@code http://127.0.0.1:PORT/t/{tenant}}), keys found by discovery.
 */
class TenantBoundEngineTest {
    private static final String AUDIENCE = "orders-api";

    private final MutableClock clock = MutableClock.startingNow();
    private final List<JwtGate> gates = new ArrayList<>();
    private LocalIssuer acme;
    private LocalIssuer globex;
    private String template;

    @BeforeEach
    void start() {
        acme = LocalIssuer.start("t/acme");
        globex = acme.sibling("t/globex");
        template = acme.issuer().replace("/t/acme", "/t/{tenant}");
    }

    @AfterEach
    void stop() {
        gates.forEach(JwtGate::close);
        globex.close();
        acme.close();
    }

    private JwtGate gate(Consumer<GateConfig.Builder> customize) {
        GateConfig.Builder b = GateConfig.builder().audiences(AUDIENCE).clock(clock).tenantIssuer(template)
                .tenantSource(TenantSource.parse("path:/api/t/{tenant}/*"))
                .jwksConnectTimeout(Duration.ofSeconds(5)).jwksReadTimeout(Duration.ofSeconds(5)); // a loaded CI machine, not a hostile server
        customize.accept(b);
        JwtGate gate = JwtGate.createWithoutBackgroundRefresh(b.build());
        gates.add(gate);
        return gate;
    }

    private JwtGate gate() {
        return gate(b -> { });
    }

    private TokenMinter of(LocalIssuer issuer) {
        return issuer.minter().audience(AUDIENCE).subject("alice").clock(clock);
    }

    private static TestRequest on(String rawPath, String token) {
        TestRequest r = token == null ? TestRequest.create() : TestRequest.bearer(token);
        return r.rawPath(rawPath);
    }

    private static Decision decide(JwtGate gate, String path, String rawPath, String token) {
        return gate.decide(path, on(rawPath, token));
    }

    private static Decision decide(JwtGate gate, String path, String token) {
        return decide(gate, path, path, token);
    }

    private static String caller(Decision d) {
        return assertInstanceOf(Decision.Proceed.class, d, () -> "expected to proceed, got " + d).principal()
                .orElseThrow().getName();
    }

    private static ErrorResponse refusal(Decision d) {
        return assertInstanceOf(Decision.Respond.class, d, () -> "expected a refusal, got " + d).response();
    }

    private static void untrusted(Decision d) {
        ErrorResponse r = refusal(d);
        assertEquals(401, r.status());
        assertTrue(r.wwwAuthenticate().contains(Reason.UNTRUSTED_ISSUER.description()), r.wwwAuthenticate());
    }

    private static void notFound(Decision d) {
        ErrorResponse r = refusal(d);
        assertEquals(404, r.status(), r.toString());
        assertEquals(null, r.wwwAuthenticate());
        assertEquals("{\"error\":\"not_found\",\"error_description\":\"The request names no known tenant\"}", r.body());
    }

    private int fetches() {
        return acme.jwksRequests() + acme.discoveryRequests() + globex.jwksRequests() + globex.discoveryRequests()
                + acme.unmatchedRequests();
    }

    // --- the binding ---------------------------------------------------------------------------

    @Test
    void acceptsEachTenantsTokenOnlyOnThatTenantsRoutes() {
        JwtGate gate = gate();
        String ofAcme = of(acme).sign();
        String ofGlobex = of(globex).subject("gina").sign();
        assertEquals("alice", caller(decide(gate, "/api/t/acme/orders", ofAcme)));
        assertEquals("gina", caller(decide(gate, "/api/t/globex/orders", ofGlobex)));
        assertEquals("gina", caller(decide(gate, "/api/t/globex", ofGlobex)));
        untrusted(decide(gate, "/api/t/globex/orders", ofAcme));
        untrusted(decide(gate, "/api/t/globex/orders/admin", ofAcme));
        untrusted(decide(gate, "/api/t/acme/orders", ofGlobex));
        assertEquals(2, gate.tenantsHeld());
    }

    @Test
    void aTokenNamingAnotherTenantsIssuerIsRefusedWithoutLookingItUp() {
        JwtGate gate = gate();
        // globex's name, signed by globex, on acme's route: only acme's issuer is considered
        untrusted(decide(gate, "/api/t/acme/orders", of(globex).sign()));
        assertEquals(0, globex.jwksRequests() + globex.discoveryRequests());
        assertEquals(0, gate.tenantsHeld());
    }

    @Test
    void aTokenCachedOnOneTenantsRouteNeverAnswersOnAnothers() {
        JwtGate gate = gate();
        String ofAcme = of(acme).sign();
        assertEquals("alice", caller(decide(gate, "/api/t/acme/orders", ofAcme)));
        assertEquals("alice", caller(decide(gate, "/api/t/acme/orders", ofAcme)));
        assertEquals(1, gate.tokenCacheStats().hits());
        untrusted(decide(gate, "/api/t/globex/orders", ofAcme));
        assertEquals(1, gate.tokenCacheStats().hits(), "no hit on globex's route");
        assertEquals("alice", caller(decide(gate, "/api/t/acme/orders", ofAcme)), "still cached for acme");
        assertEquals(2, gate.tokenCacheStats().hits());
    }

    @Test
    void refusesIllFormedTenantsWith404BeforeAnyLookupWhateverTheTokenAndMode() {
        JwtGate required = gate();
        JwtGate optional = gate(b -> b.mode(Mode.OPTIONAL));
        String ofGlobex = of(globex).sign();
        String ofAcme = of(acme).sign();
        // {decoded path the application is routed by, path as sent}
        String[][] cases = {
            {"/api/t/GLOBEX/orders", "/api/t/GLOBEX/orders"},
            {"/api/t/Globex/orders/admin", "/api/t/Globex/orders/admin"},
            {"/api/t/globex/orders", "/api/t/glob%65x/orders"},
            {"/api/t/globex /orders", "/api/t/globex%20/orders"},
            {"/api/t/globex./orders", "/api/t/globex./orders"},
            {"/api/t/globex/orders", "/api/t/globex;x=1/orders"},
            {"/api/t/globex/orders", "/api/t/globex;jsessionid=1/orders"},
            {"/api/t/globex/orders", "/api//t/globex/orders"},
            {"/api/t//globex/orders", "/api/t//globex/orders"},
            {"/api//t/globex/orders", "/api//t/globex/orders"},
            {"/api/t/globex//orders", "/api/t/globex%2F/orders"},
            {"/api/t/../globex/orders", "/api/t/%2e%2e/globex/orders"},
            {"/api/t/globex/orders", "/api/t/acme/../globex/orders"},
            {"/api/t/globex/orders", "/api/t/./globex/orders"},
            {"/api/t/globex/orders", "/api/%74/globex/orders"},
            {"/api/t/globex/orders", null},
            {"/api/t/-globex/orders", "/api/t/-globex/orders"},
            {"/api/t/" + "a".repeat(64), "/api/t/" + "a".repeat(64)},
            {"/api/t", "/api/t"},
            {"/api/t/", "/api/t/"},
        };
        for (String[] c : cases) {
            for (String token : new String[] {ofGlobex, ofAcme, null, "not-a-token"}) {
                notFound(decide(required, c[0], c[1], token));
                notFound(decide(optional, c[0], c[1], token));
            }
        }
        assertEquals(0, fetches(), "nothing was looked up");
        assertEquals(0, required.tenantsHeld() + optional.tenantsHeld());
        assertEquals(0, required.validations() + optional.validations(), "no token was read");
    }

    @Test
    void tenantsOutsideTheListAre404WithoutAnyFetch() {
        JwtGate gate = gate(b -> b.tenants(List.of(TenantId.of("acme"))));
        String tokenNamingGlobexIssuer = of(globex).sign();
        notFound(decide(gate, "/api/t/globex/orders", tokenNamingGlobexIssuer));
        notFound(decide(gate, "/api/t/initech/orders", null));
        assertEquals(0, fetches());
        assertEquals("alice", caller(decide(gate, "/api/t/acme/orders", of(acme).sign())));
    }

    @Test
    void noTokenOnAWellFormedTenantFollowsTheMode() {
        ErrorResponse r = refusal(decide(gate(), "/api/t/acme/orders", null));
        assertEquals(401, r.status());
        assertEquals("Bearer realm=\"jwtgate\"", r.wwwAuthenticate());
        assertSame(Decision.ANONYMOUS, decide(gate(b -> b.mode(Mode.OPTIONAL)), "/api/t/acme/orders", null));
        assertEquals(0, fetches());
    }

    // --- bounds --------------------------------------------------------------------------------

    @Test
    void anUnknownTenantIs401NotA503AndIsNotFetchedAgainWithinTheRefreshInterval() {
        JwtGate gate = gate();
        LocalIssuer forger = LocalIssuer.start();
        try {
            String forged = TokenMinter.signedWith(forger.currentKey()).issuer(template.replace("{tenant}", "initech"))
                    .audience(AUDIENCE).subject("mallory").clock(clock).sign();
            for (int i = 0; i < 5; i++) {
                untrusted(decide(gate, "/api/t/initech/orders", forged));
            }
            assertEquals(1, acme.unmatchedRequests(), "one discovery attempt for initech");
            clock.advance(Duration.ofSeconds(31));
            untrusted(decide(gate, "/api/t/initech/orders", forged));
            assertEquals(2, acme.unmatchedRequests(), "again after jwks-refresh-interval");
        } finally {
            forger.close();
        }
    }

    @Test
    void aListedTenantWhoseIssuerIsDownIs503() {
        JwtGate gate = gate(b -> b.tenants(List.of(TenantId.of("acme"), TenantId.of("globex"))));
        globex.outage(true);
        Decision d = decide(gate, "/api/t/globex/orders", of(globex).sign());
        assertEquals(503, refusal(d).status());
    }

    @Test
    void newTenantsAreTakenUpAtMostTenantLoadLimitPerRefreshInterval() {
        JwtGate gate = gate(b -> b.tenantLoadLimit(3));
        for (int i = 0; i < 20; i++) {
            String tenant = "nobody-" + i;
            String token = of(acme).issuer(template.replace("{tenant}", tenant)).sign();
            untrusted(decide(gate, "/api/t/" + tenant + "/orders", token));
        }
        assertEquals(3, acme.unmatchedRequests(), "three discovery attempts, then none");
        assertEquals(3, gate.tenantsHeld());
        // a real tenant named within the same interval waits for the next one
        untrusted(decide(gate, "/api/t/acme/orders", of(acme).sign()));
        clock.advance(Duration.ofSeconds(30));
        assertEquals("alice", caller(decide(gate, "/api/t/acme/orders", of(acme).sign())));
    }

    @Test
    void namingHeldUnknownTenantsAgainKeepsFetchesWithinTwiceTheLoadLimitPerInterval() {
        // Found by review: tenants held but never loaded were fetched again each interval when named, so an
        // attacker repeating every earlier name grew the fetches by tenant-load-limit per interval.
        JwtGate gate = gate(b -> b.tenantLoadLimit(3).tenantCacheSize(1000));
        List<String> named = new ArrayList<>();
        int fetches = acme.unmatchedRequests();
        for (int interval = 0; interval < 8; interval++) {
            for (int i = 0; i < 3; i++) {
                named.add("nobody-" + interval + "-" + i);
            }
            for (String tenant : named) {
                untrusted(decide(gate, "/api/t/" + tenant + "/orders", of(acme).issuer(template.replace("{tenant}", tenant))
                        .sign()));
            }
            int now = acme.unmatchedRequests();
            assertTrue(now - fetches <= 6, "interval " + interval + ": " + (now - fetches) + " fetches");
            fetches = now;
            assertTrue(gate.tenantsHeld() <= 3, "held: " + gate.tenantsHeld());
            clock.advance(Duration.ofSeconds(31));
        }
        assertEquals("alice", caller(decide(gate, "/api/t/acme/orders", of(acme).sign())), "a real tenant still loads");
    }

    @Test
    void anIssuersCredentialNeverFollowsATenantsJwksUriToAnotherOrigin() {
        // Found by review: the credential configured for an issuer was looked up by iss alone, so the tenant
        // key set of the same iss, at tenant-jwks-uri on another origin, carried it there.
        LocalIssuer elsewhere = LocalIssuer.start("t/acme");
        try {
            String acmeIssuer = acme.issuer();
            String elsewhereTemplate = elsewhere.jwksUri().replace("/t/acme", "/t/{tenant}");
            JwtGate gate = gate(b -> b.issuer(acmeIssuer, acme.jwksUri()).jwksAuthorization(acmeIssuer, "Basic U0VDUkVU")
                    .tenantJwksUri(elsewhereTemplate));
            decide(gate, "/api/t/acme/orders", of(acme).sign());
            assertTrue(elsewhere.requests() > 0, "the tenant's keys were asked for at tenant-jwks-uri");
            assertEquals(List.of(), elsewhere.authorizationsReceived(), "without the acme issuer's credential");
        } finally {
            elsewhere.close();
        }
    }

    @Test
    void atMostTenantCacheSizeTenantsAreHeldAndLoadedOnesOutliveUnknownOnes() {
        LocalIssuer initech = acme.sibling("t/initech");
        try {
            JwtGate gate = gate(b -> b.tenantCacheSize(2));
            assertEquals("alice", caller(decide(gate, "/api/t/acme/orders", of(acme).sign())));
            int acmeFetches = acme.jwksRequests() + acme.discoveryRequests();
            for (int i = 0; i < 50; i++) {
                String tenant = "nobody-" + i;
                untrusted(decide(gate, "/api/t/" + tenant + "/orders", of(acme).issuer(template.replace("{tenant}", tenant))
                        .sign()));
                assertTrue(gate.tenantsHeld() <= 2);
            }
            assertEquals("alice", caller(decide(gate, "/api/t/acme/orders", of(acme).subject("alice").claim("n", 1).sign())));
            assertEquals(acmeFetches, acme.jwksRequests() + acme.discoveryRequests(), "acme was never evicted");
            assertEquals("alice", caller(decide(gate, "/api/t/globex/orders", of(globex).sign())));
            assertEquals("alice", caller(decide(gate, "/api/t/initech/orders", of(initech).sign())));
            assertEquals(2, gate.tenantsHeld());
            assertEquals("alice", caller(decide(gate, "/api/t/acme/orders", of(acme).claim("n", 2).sign())),
                    "loaded again after its eviction");
        } finally {
            initech.close();
        }
    }

    @Test
    void backgroundRefreshCoversTheTenantsKeySets() {
        JwtGate gate = gate();
        caller(decide(gate, "/api/t/acme/orders", of(acme).sign()));
        int before = acme.jwksRequests();
        clock.advance(Duration.ofMinutes(5));
        gate.refreshDue();
        assertEquals(before + 1, acme.jwksRequests());
    }

    // --- sources -------------------------------------------------------------------------------

    @Test
    void aTenantFromTheHostsFirstLabel() {
        JwtGate gate = gate(b -> b.tenantSource(TenantSource.parse("host")));
        String ofAcme = of(acme).sign();
        assertEquals("alice", caller(gate.decide("/orders", TestRequest.bearer(ofAcme).host("acme.api.example.com"))));
        assertEquals("alice", caller(gate.decide("/orders", TestRequest.bearer(ofAcme).host("acme"))));
        untrusted(gate.decide("/orders", TestRequest.bearer(ofAcme).host("globex.api.example.com")));
        for (String host : new String[] {"ACME.api.example.com", "127.0.0.1", "[::1]", "", ".acme.example", "acme_.x", null}) {
            notFound(gate.decide("/orders", TestRequest.bearer(ofAcme).host(host)));
        }
    }

    @Test
    void aTenantFromAHeaderSentOnce() {
        JwtGate gate = gate(b -> b.tenantSource(TenantSource.parse("header:X-Tenant")));
        String ofAcme = of(acme).sign();
        assertEquals("alice", caller(gate.decide("/orders", TestRequest.bearer(ofAcme).header("X-Tenant", "acme"))));
        untrusted(gate.decide("/orders", TestRequest.bearer(ofAcme).header("X-Tenant", "globex")));
        notFound(gate.decide("/orders", TestRequest.bearer(ofAcme)));
        notFound(gate.decide("/orders", TestRequest.bearer(ofAcme).header("X-Tenant", "acme").header("X-Tenant", "acme")));
        for (String v : new String[] {"Acme", "acme ", " acme", "acme,globex", "ac%6de", ""}) {
            notFound(gate.decide("/orders", TestRequest.bearer(ofAcme).header("X-Tenant", v)));
        }
    }

    @Test
    void besidesTenantRoutesTheConfiguredIssuersAreTrustedAndOnlyThere() {
        LocalIssuer external = LocalIssuer.start();
        try {
            JwtGate gate = gate(b -> b.issuer(external.issuer(), external.jwksUri()));
            String ofExternal = of(external).sign();
            String ofAcme = of(acme).sign();
            assertEquals("alice", caller(decide(gate, "/api/me", ofExternal)));
            untrusted(decide(gate, "/api/me", ofAcme));
            untrusted(decide(gate, "/api/t/acme/orders", ofExternal));
            notFound(decide(gate, "/api//t/acme/orders", ofExternal));
            assertEquals("alice", caller(decide(gate, "/api/t/acme/orders", ofAcme)));
            assertEquals("alice", caller(decide(gate, "/api/tx", ofExternal)), "/api/tx is not below /api/t");
        } finally {
            external.close();
        }
    }

    @Test
    void validatesATokenForATenantGivenInCode() {
        JwtGate gate = gate(b -> b.tenants(List.of(TenantId.of("acme"))));
        assertInstanceOf(Outcome.Authenticated.class, gate.validate(of(acme).sign(), TenantId.of("acme")));
        assertEquals(Outcome.UNKNOWN_TENANT, gate.validate(of(globex).sign(), TenantId.of("globex")));
        assertThrows(IllegalStateException.class, () -> JwtGate.createWithoutBackgroundRefresh(GateConfig.builder()
                .audiences(AUDIENCE).issuer(acme.issuer()).build()).validate("x", TenantId.of("acme")));
    }

    // --- decisions stored by another engine -------------------------------------------------------

    @Test
    void reusesAnotherEnginesDecisionOnlyWhenItsIssuerIsTheRequestsTenants() {
        JwtGate everyTenant = JwtGate.createWithoutBackgroundRefresh(GateConfig.builder().audiences(AUDIENCE).clock(clock)
                .issuer(acme.issuer()).issuer(globex.issuer()).build());
        gates.add(everyTenant);
        JwtGate outer = gate();
        JwtGate inner = gate();
        assertEquals(outer.policy(), inner.policy());
        String ofAcme = of(acme).sign();
        Decision byEveryTenant = Authorization.authenticate(everyTenant, "/api/t/globex/orders",
                on("/api/t/globex/orders", ofAcme), AccessRule.PATH_POLICY, null);
        assertEquals("alice", caller(byEveryTenant), "an engine trusting every tenant's issuer");
        untrusted(Authorization.authenticate(inner, "/api/t/globex/orders", on("/api/t/globex/orders", ofAcme),
                AccessRule.PATH_POLICY, byEveryTenant));
        // the same policy, acme's route: reused; then the request forwarded to globex's route: validated again
        Decision onAcme = Authorization.authenticate(outer, "/api/t/acme/orders", on("/api/t/acme/orders", ofAcme),
                AccessRule.PATH_POLICY, null);
        assertSame(onAcme, Authorization.authenticate(inner, "/api/t/acme/orders", on("/api/t/acme/orders", ofAcme),
                AccessRule.PATH_POLICY, onAcme));
        long validations = inner.validations();
        untrusted(Authorization.authenticate(inner, "/api/t/globex/orders", on("/api/t/globex/orders", ofAcme),
                AccessRule.PATH_POLICY, onAcme));
        assertEquals(validations + 1, inner.validations());
        notFound(Authorization.authenticate(inner, "/api/t/GLOBEX/orders", on("/api/t/GLOBEX/orders", ofAcme),
                AccessRule.requires(List.of("**"), List.of()), onAcme));
        // another tenant binding is another policy
        JwtGate otherTemplate = gate(b -> b.tenants(List.of(TenantId.of("acme"))));
        assertTrue(!otherTemplate.policy().equals(inner.policy()));
    }
}
