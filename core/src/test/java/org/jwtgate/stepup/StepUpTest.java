package org.jwtgate.stepup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jwtgate.Decision;
import org.jwtgate.GateFixture;
import org.jwtgate.JwtPrincipal;
import org.jwtgate.TestRequest;
import org.jwtgate.authz.AccessRule;
import org.jwtgate.authz.Authorization;
import org.jwtgate.config.ConfigException;
import org.jwtgate.config.GateConfig;
import org.jwtgate.config.Parameters;
import org.jwtgate.config.Placeholders;
import org.jwtgate.error.ErrorResponse;
import org.jwtgate.error.Reason;
import org.jwtgate.metrics.DecisionMetrics;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Step-up authentication (RFC 9470) decided in core: global, per path and per rule, against a real local issuer. */
class StepUpTest {
    private static final String MFA = "urn:example:mfa";
    private static final String HWK = "urn:example:hwk";
    private static final String DESCRIPTION = Reason.INSUFFICIENT_USER_AUTHENTICATION.description();

    private static GateFixture f;

    @BeforeAll
    static void start() {
        f = GateFixture.start(b -> patient(b).realm("api").requiredAcr(List.of(MFA, HWK)).maxAuthAge(Duration.ofMinutes(5))
                .requiredAcr("/admin/*", List.of(HWK)).requiredAcr("/admin/reports", List.of(MFA))
                .maxAuthAge("/payments/*", Duration.ofSeconds(30)).maxAuthAge("/payments/big/*", Duration.ZERO));
    }

    /** Key fetches that a loaded build machine does not time out (the fixture's 800 ms once did: 503 for every test). */
    private static GateConfig.Builder patient(GateConfig.Builder b) {
        return b.jwksConnectTimeout(Duration.ofSeconds(5)).jwksReadTimeout(Duration.ofSeconds(5));
    }

    @AfterAll
    static void stop() {
        f.close();
    }

    private static Decision decide(String path, String token, AccessRule rule) {
        Decision authenticated = Authorization.authenticate(f.gate, path, TestRequest.bearer(token), rule, null);
        return Authorization.authorize(f.gate.responses(), authenticated, rule);
    }

    private static Decision decide(String path, String token) {
        return decide(path, token, AccessRule.PATH_POLICY);
    }

    private static ErrorResponse refused(Decision d) {
        return assertInstanceOf(Decision.Respond.class, d).response();
    }

    private static JwtPrincipal proceeds(Decision d) {
        return assertInstanceOf(Decision.Proceed.class, d).principal().orElseThrow();
    }

    private static String stepUp(String attributes) {
        return "Bearer realm=\"api\", error=\"insufficient_user_authentication\", error_description=\"" + DESCRIPTION
                + "\"" + attributes;
    }

    private static long now() {
        return f.clock.instant().getEpochSecond();
    }

    @Test
    void acrAmongTheRequiredAndRecentAuthenticationProceed() {
        assertEquals("alice", proceeds(decide("/orders", f.minter().claim("acr", HWK).claim("auth_time", now() - 60).sign()))
                .getName());
    }

    @Test
    void missingOrOtherAcrIs401NamingTheAcceptableValuesAndTheMaxAge() {
        for (String token : List.of(f.minter().claim("auth_time", now()).sign(),
                f.minter().claim("acr", "urn:example:pwd").claim("auth_time", now()).sign())) {
            ErrorResponse r = refused(decide("/orders", token));
            assertEquals(401, r.status());
            assertEquals(stepUp(", acr_values=\"" + MFA + " " + HWK + "\", max_age=\"300\""), r.wwwAuthenticate());
            assertEquals("{\"error\":\"insufficient_user_authentication\",\"error_description\":\"" + DESCRIPTION + "\"}",
                    r.body());
            assertEquals("no-store", r.headers().get("Cache-Control"));
        }
    }

    @Test
    void missingOrOldAuthTimeIsRefusedTheSameWay() {
        String expected = stepUp(", acr_values=\"" + MFA + " " + HWK + "\", max_age=\"300\"");
        assertEquals(expected, refused(decide("/orders", f.minter().claim("acr", MFA).sign())).wwwAuthenticate());
        // auth_time + 300s + 60s skew: one second past is refused, the limit itself is not.
        assertEquals(expected, refused(decide("/orders", f.minter().claim("acr", MFA).claim("auth_time", now() - 361).sign()))
                .wwwAuthenticate());
        proceeds(decide("/orders", f.minter().claim("acr", MFA).claim("auth_time", now() - 359).sign()));
        // Further ahead than the skew is no recent authentication either.
        assertEquals(expected, refused(decide("/orders", f.minter().claim("acr", MFA).claim("auth_time", now() + 120).sign()))
                .wwwAuthenticate());
    }

    @Test
    void theAgeIsCheckedOnEveryRequestAlsoForACachedToken() {
        try (GateFixture g = GateFixture.withIssuer(f.issuer, b -> patient(b).maxAuthAge(Duration.ofSeconds(10)).clockSkew(Duration.ZERO))) {
            String token = g.minter().claim("auth_time", g.clock.instant().getEpochSecond()).expiresIn(Duration.ofHours(1)).sign();
            assertInstanceOf(Decision.Proceed.class, Authorization.authenticate(g.gate, "/x", TestRequest.bearer(token),
                    AccessRule.PATH_POLICY, null));
            g.advance(Duration.ofSeconds(11));
            ErrorResponse r = refused(Authorization.authenticate(g.gate, "/x", TestRequest.bearer(token), AccessRule.PATH_POLICY, null));
            assertEquals("Bearer realm=\"jwtgate\", error=\"insufficient_user_authentication\", error_description=\""
                    + DESCRIPTION + "\", max_age=\"10\"", r.wwwAuthenticate());
            assertEquals(1, g.gate.tokenCacheStats().hits(), "the second request was answered from the token cache");
        }
    }

    @Test
    void malformedAcrOrAuthTimeIsAFixedInvalidTokenRefusal() {
        ErrorResponse malformed = f.gate.responses().rejected(Reason.MALFORMED_CLAIM);
        for (String token : List.of(f.minter().claim("acr", 3).claim("auth_time", now()).sign(),
                f.minter().claim("acr", List.of(MFA)).claim("auth_time", now()).sign(),
                f.minter().claim("acr", MFA).claim("auth_time", "yesterday").sign(),
                f.minter().claim("acr", MFA).claim("auth_time", -5).sign(),
                f.minter().claim("acr", MFA).claim("auth_time", 1e300).sign(),
                f.minter().claim("acr", MFA).claim("auth_time", Map.of("t", 1)).sign())) {
            ErrorResponse r = refused(decide("/orders", token));
            assertEquals(malformed, r);
            assertEquals(401, r.status());
            assertEquals("Bearer realm=\"api\", error=\"invalid_token\", error_description=\""
                    + Reason.MALFORMED_CLAIM.description() + "\"", r.wwwAuthenticate());
        }
        // A fractional NumericDate (RFC 7519 §2) is a time.
        proceeds(decide("/orders", f.minter().claim("acr", MFA).claim("auth_time", now() - 0.5).sign()));
    }

    @Test
    void theMostSpecificPathPatternDecidesEachAttribute() {
        String mfaNow = f.minter().claim("acr", MFA).claim("auth_time", now()).sign();
        String hwkMinuteAgo = f.minter().claim("acr", HWK).claim("auth_time", now() - 60).sign();
        // /admin/* asks for HWK only (and keeps the global max age).
        assertEquals(stepUp(", acr_values=\"" + HWK + "\", max_age=\"300\""), refused(decide("/admin/users", mfaNow))
                .wwwAuthenticate());
        proceeds(decide("/admin/users", hwkMinuteAgo));
        // The exact /admin/reports beats the prefix /admin/*.
        proceeds(decide("/admin/reports", mfaNow));
        assertEquals(stepUp(", acr_values=\"" + MFA + "\", max_age=\"300\""), refused(decide("/admin/reports", hwkMinuteAgo))
                .wwwAuthenticate());
        // /payments/* shortens the age (the global acr stays); the longer /payments/big/* shortens it further.
        assertEquals(stepUp(", acr_values=\"" + MFA + " " + HWK + "\", max_age=\"30\""), refused(decide("/payments/1",
                f.minter().claim("acr", MFA).claim("auth_time", now() - 100).sign())).wwwAuthenticate());
        proceeds(decide("/payments/1", f.minter().claim("acr", MFA).claim("auth_time", now() - 80).sign()));
        assertEquals(stepUp(", acr_values=\"" + MFA + " " + HWK + "\", max_age=\"0\""), refused(decide("/payments/big/1",
                f.minter().claim("acr", MFA).claim("auth_time", now() - 80).sign())).wwwAuthenticate());
        proceeds(decide("/payments/big/1", mfaNow));
    }

    @Test
    void aRuleReplacesThePathRequirementAttributeByAttribute() {
        AccessRule rule = AccessRule.requires(List.of(), List.of()).withStepUp(StepUp.of(List.of("urn:example:gold"), null));
        String gold = f.minter().claim("acr", "urn:example:gold").claim("auth_time", now() - 100).sign();
        proceeds(decide("/admin/users", gold, rule));
        // The path's max age (30s on /payments/*) still holds.
        assertEquals(stepUp(", acr_values=\"urn:example:gold\", max_age=\"30\""), refused(decide("/payments/1", gold, rule))
                .wwwAuthenticate());
        assertThrows(IllegalArgumentException.class, () -> AccessRule.PATH_POLICY.withStepUp(StepUp.of(List.of(MFA), null)));
    }

    @Test
    void aReusedDecisionMeetsTheRequirementOfItsNewPath() {
        String mfaNow = f.minter().claim("acr", MFA).claim("auth_time", now()).sign();
        Decision atOrders = Authorization.authenticate(f.gate, "/orders", TestRequest.bearer(mfaNow), AccessRule.PATH_POLICY, null);
        proceeds(atOrders);
        long validations = f.gate.validations();
        ErrorResponse r = refused(Authorization.authenticate(f.gate, "/admin/users", TestRequest.bearer(mfaNow),
                AccessRule.PATH_POLICY, atOrders));
        assertEquals(stepUp(", acr_values=\"" + HWK + "\", max_age=\"300\""), r.wwwAuthenticate());
        assertEquals(validations, f.gate.validations(), "the stored decision was reused, not validated again");
    }

    @Test
    void refusalsAreCountedByReasonForTheCallersIssuer() {
        DecisionMetrics m = f.gate.metrics();
        long before = m.count("rejected", Reason.INSUFFICIENT_USER_AUTHENTICATION);
        long malformedBefore = m.count("rejected", Reason.MALFORMED_CLAIM);
        long issuerBefore = m.configured(f.issuer.issuer()).count("rejected", Reason.INSUFFICIENT_USER_AUTHENTICATION);
        refused(decide("/orders", f.minter().claim("auth_time", now()).sign()));
        refused(decide("/orders", f.minter().claim("acr", 7).sign()));
        assertEquals(before + 1, m.count("rejected", Reason.INSUFFICIENT_USER_AUTHENTICATION));
        assertEquals(malformedBefore + 1, m.count("rejected", Reason.MALFORMED_CLAIM));
        assertEquals(issuerBefore + 1, m.configured(f.issuer.issuer()).count("rejected", Reason.INSUFFICIENT_USER_AUTHENTICATION));
        assertEquals("rejected", DecisionMetrics.outcomeOf(Reason.INSUFFICIENT_USER_AUTHENTICATION));
    }

    @Test
    void anonymousCallersAreLeftToTheModeAndTheRule() {
        try (GateFixture g = GateFixture.withIssuer(f.issuer, b -> patient(b).requiredAcr(List.of(MFA))
                .mode(org.jwtgate.config.Mode.OPTIONAL))) {
            assertEquals(Decision.ANONYMOUS, Authorization.authenticate(g.gate, "/x", TestRequest.create(),
                    AccessRule.PATH_POLICY, null));
            AccessRule needsCaller = AccessRule.requires(List.of(), List.of());
            ErrorResponse r = refused(Authorization.authorize(g.gate.responses(), Authorization.authenticate(g.gate, "/x",
                    TestRequest.create(), needsCaller, null), needsCaller));
            assertEquals("Bearer realm=\"jwtgate\"", r.wwwAuthenticate());
        }
    }

    @Test
    void parametersGlobalAndPerPattern() {
        GateConfig c = Parameters.parse(Map.of("issuers", "https://idp.example.com", "audiences", "api",
                "required-acr", MFA + ", " + HWK, "max-auth-age", "PT5M", "required-acr[/admin/*]", HWK,
                "max-auth-age[/payments/*]", "30s", "max-auth-age[/x]", " "), Placeholders.system()).build();
        assertEquals(List.of(MFA, HWK), c.requiredAcr());
        assertEquals(Duration.ofMinutes(5), c.maxAuthAge().orElseThrow());
        assertEquals(Map.of("/admin/*", List.of(HWK)), c.requiredAcrByPath());
        assertEquals(Map.of("/payments/*", Duration.ofSeconds(30)), c.maxAuthAgeByPath());
        StepUpRules rules = new StepUpRules(c);
        assertEquals(StepUp.of(List.of(HWK), Duration.ofMinutes(5)), rules.forPath("/admin/a"));
        assertEquals(StepUp.of(List.of(MFA, HWK), Duration.ofSeconds(30)), rules.forPath("/payments"));
        assertEquals(StepUp.NONE, new StepUpRules(GateConfig.builder().issuer("https://idp.example.com").audiences("a")
                .build()).forPath("/any"));
    }

    @Test
    void badStepUpConfigurationFailsNamingTheParameter() {
        assertEquals("required-acr", bad(Map.of("required-acr", "a\"b")));
        assertEquals("max-auth-age", bad(Map.of("max-auth-age", "1500ms")));
        assertEquals("max-auth-age", bad(Map.of("max-auth-age", "400d")));
        assertEquals("required-acr[/admin]", bad(Map.of("required-acr[/admin]", "a\\b")));
        assertEquals("required-acr[admin/*]", bad(Map.of("required-acr[admin/*]", MFA)));
        assertEquals("max-auth-age[/a/*]", bad(Map.of("max-auth-age[/a/*]", "soon")));
        assertEquals("required-acr[]", bad(Map.of("required-acr[]", MFA)));
        assertEquals("required-acr[PATTERN]", bad(Map.of("required-acr[PATTERN]", MFA)));
    }

    private static String bad(Map<String, String> stepUp) {
        Map<String, String> values = new java.util.HashMap<>(Map.of("issuers", "https://idp.example.com", "audiences", "api"));
        values.putAll(stepUp);
        return assertThrows(ConfigException.class, () -> Parameters.parse(values, Placeholders.system()).build()).parameter();
    }

    @Test
    void requirementValuesAreChecked() {
        assertThrows(IllegalArgumentException.class, () -> StepUp.of(List.of("two words"), null));
        assertThrows(IllegalArgumentException.class, () -> StepUp.of(List.of(), Duration.ofMillis(1500)));
        assertThrows(IllegalArgumentException.class, () -> StepUp.of(List.of(), Duration.ofSeconds(-1)));
        assertEquals(StepUp.NONE, StepUp.of(List.of(), null));
        assertEquals(null, StepUp.of(List.of(MFA), null).check(Map.of("acr", MFA), Instant.EPOCH, Duration.ZERO));
    }
}
