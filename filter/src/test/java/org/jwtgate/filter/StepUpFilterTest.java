package org.jwtgate.filter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jwtgate.error.Reason;
import org.jwtgate.testing.DpopProofs;
import org.jwtgate.testing.LocalIssuer;
import org.jwtgate.testing.TestKeys;
import org.jwtgate.testing.TokenMinter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Step-up authentication (RFC 9470) through the servlet filter declared in web.xml, on a real Jetty 12, requests
 * written byte for byte. {@code /step}: the configuration of docs/step-up.md (read from the page); {@code /dpop}:
 * {@code dpop=allowed} with a required {@code acr}, where the refusal goes on the challenge of the scheme used.
 */
class StepUpFilterTest {
    private static final String REALM = "step";
    private static final String MFA = "urn:example:mfa";
    private static final String HWK = "urn:example:hwk";
    private static final PublicJsonWebKey CLIENT = TestKeys.ec("P-256");

    @TempDir
    static Path webapps;

    static LocalIssuer issuer;
    static TestServer server;
    static int port;

    @BeforeAll
    static void start() {
        issuer = LocalIssuer.start();
        Map<String, String> common = Map.of("jwtgate.issuers", issuer.issuer() + "|" + issuer.jwksUri(),
                "jwtgate.audiences", "api", "jwtgate.realm", REALM);
        server = new TestServer()
                .add("/step", new WebXml().contextParams(common).filter(documentedInitParams())
                        .servlet("echo", EchoServlet.class, "/*"), webapps.resolve("step"))
                .add("/dpop", new WebXml().contextParams(common)
                        .filter(Map.of("dpop", "allowed", "public-origin", "from-request", "required-acr", MFA))
                        .servlet("echo", EchoServlet.class, "/*"), webapps.resolve("dpop"))
                .start();
        port = server.port();
    }

    /** The init-params of the first web.xml block of docs/step-up.md, as a user copies them. */
    static Map<String, String> documentedInitParams() {
        Map<String, String> params = DpopFilterTest.xmlBlockInitParams(Path.of("..", "docs", "step-up.md"));
        assertEquals(Map.of("required-acr", MFA + " " + HWK, "max-auth-age", "1h", "required-acr[/admin/*]", HWK,
                "max-auth-age[/payments/*]", "5m"), params);
        return params;
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
        issuer.close();
    }

    private static TokenMinter alice() {
        return issuer.minter().audience("api").subject("alice");
    }

    private static long now() {
        return Instant.now().getEpochSecond();
    }

    private static RawHttp.Response get(String target, String token) {
        return RawHttp.get(port, target, "127.0.0.1:" + port, "Authorization", "Bearer " + token);
    }

    private static String stepUp(String challengesBefore, String attributes, String challengesAfter) {
        return challengesBefore + ", error=\"insufficient_user_authentication\", error_description=\""
                + Reason.INSUFFICIENT_USER_AUTHENTICATION.description() + "\"" + attributes + challengesAfter;
    }

    private static void assertStepUp(String acrValues, String maxAge, RawHttp.Response r) {
        assertStepUp(stepUp("Bearer realm=\"step\"", ", acr_values=\"" + acrValues + "\", max_age=\"" + maxAge + "\"", ""), r);
    }

    private static void assertStepUp(String challenge, RawHttp.Response r) {
        assertEquals(401, r.status(), r.body());
        assertEquals(List.of(challenge), r.header("WWW-Authenticate"));
        assertEquals("{\"error\":\"insufficient_user_authentication\",\"error_description\":\""
                + Reason.INSUFFICIENT_USER_AUTHENTICATION.description() + "\"}", r.body());
        assertEquals(List.of("no-store"), r.header("Cache-Control"));
    }

    @Test
    void theGlobalRequirementAsksForAnAcrAmongTheConfiguredAndALoginWithinTheHour() {
        String both = MFA + " " + HWK;
        assertStepUp(both, "3600", get("/step/orders", alice().claim("auth_time", now()).sign()));
        assertStepUp(both, "3600", get("/step/orders", alice().claim("acr", "urn:example:pwd").claim("auth_time", now()).sign()));
        assertStepUp(both, "3600", get("/step/orders", alice().claim("acr", MFA).claim("auth_time", now() - 7200).sign()));
        assertStepUp(both, "3600", get("/step/orders", alice().claim("acr", MFA).sign()));
        DpopFilterTest.assertCaller(get("/step/orders", alice().claim("acr", MFA).claim("auth_time", now() - 1800).sign()));
        DpopFilterTest.assertCaller(get("/step/orders", alice().claim("acr", HWK).claim("auth_time", now()).sign()));
    }

    @Test
    void aPatternReplacesTheAttributeItNames() {
        String mfaNow = alice().claim("acr", MFA).claim("auth_time", now()).sign();
        assertStepUp(HWK, "3600", get("/step/admin/users", mfaNow));
        DpopFilterTest.assertCaller(get("/step/admin/users", alice().claim("acr", HWK).claim("auth_time", now() - 1800).sign()));
        assertStepUp(MFA + " " + HWK, "300", get("/step/payments/1",
                alice().claim("acr", MFA).claim("auth_time", now() - 600).sign()));
        DpopFilterTest.assertCaller(get("/step/payments/1", mfaNow));
    }

    @Test
    void aMalformedAcrOrAuthTimeIsAFixedInvalidTokenRefusalNeverEchoed() {
        for (Object acr : List.of(List.of(MFA), 5, Map.of("v", MFA))) {
            RawHttp.Response r = get("/step/orders", alice().claim("acr", acr).claim("auth_time", now()).sign());
            assertEquals(401, r.status(), r.body());
            assertEquals(List.of("Bearer realm=\"step\", error=\"invalid_token\", error_description=\""
                    + Reason.MALFORMED_CLAIM.description() + "\""), r.header("WWW-Authenticate"));
        }
        RawHttp.Response r = get("/step/orders", alice().claim("acr", MFA).claim("auth_time", "\"><script>").sign());
        assertEquals(401, r.status(), r.body());
        assertFalse(r.body().contains("<script"), r.body());
        // A hostile acr string is only compared, never written: the challenge names the configuration.
        RawHttp.Response hostile = get("/step/orders", alice().claim("acr", "x\", error=\"none\r\nX-Injected: 1")
                .claim("auth_time", now()).sign());
        assertStepUp(MFA + " " + HWK, "3600", hostile);
        assertEquals(List.of(), hostile.header("X-Injected"));
    }

    @Test
    void aDpopCallerGetsTheErrorOnTheDpopChallenge() {
        String token = alice().claim("cnf", DpopProofs.confirmation(CLIENT)).claim("jti", java.util.UUID.randomUUID().toString())
                .sign();
        String url = "http://127.0.0.1:" + port + "/dpop/orders";
        RawHttp.Response r = RawHttp.get(port, "/dpop/orders", "127.0.0.1:" + port, "Authorization", "DPoP " + token,
                "DPoP", DpopProofs.minter(CLIENT, "GET", url, token, Clock.systemUTC()).sign());
        String algs = "algs=\"RS256 RS384 RS512 PS256 PS384 PS512 ES256 ES384 ES512 EdDSA\"";
        assertStepUp(stepUp("Bearer realm=\"step\", DPoP realm=\"step\", " + algs, ", acr_values=\"" + MFA + "\"", ""), r);
        String bearer = alice().claim("acr", "urn:example:pwd").sign();
        assertStepUp(stepUp("Bearer realm=\"step\"", ", acr_values=\"" + MFA + "\"", ", DPoP realm=\"step\", " + algs),
                get("/dpop/orders", bearer));
    }
}
