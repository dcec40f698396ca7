package org.jwtgate.authentication;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jwtgate.filter.JwtGateFilter;
import org.jwtgate.testing.LocalIssuer;
import org.jwtgate.testing.TokenMinter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Step-up authentication (RFC 9470) answered alike by the three adapters, over real HTTP against a real
 * local issuer, each configured in its own way in web.xml:
 * <ul>
 * <li>{@code /filter}: the servlet filter with the per-path parameters {@code required-acr[/step/*]} and
 * {@code max-auth-age[/step/*]} (none on {@code /plain/*});</li>
 * <li>{@code /jaxrs}: Jersey with {@code JwtGateFeature} and {@code @RequiresAuthentication(acr = MFA,
 * maxAge = "PT5M")} on the resource;</li>
 * <li>{@code /module}: the Jakarta Authentication module with the global {@code required-acr} and
 * {@code max-auth-age} under a web.xml constraint on {@code /step/*}.</li>
 * </ul>
 * For a token whose {@code acr} is missing or another, whose {@code auth_time} is too old or missing, or
 * whose {@code acr} is not a string, the three answer the same status, challenge, body and cache header.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class StepUpParityContract {
    static final String MFA = "urn:example:mfa";
    static final String REALM = "step-realm";
    static final String STEP_UP_CHALLENGE = "Bearer realm=\"" + REALM + "\", error=\"insufficient_user_authentication\", "
            + "error_description=\"A stronger or more recent authentication is required\", acr_values=\"" + MFA
            + "\", max_age=\"300\"";
    static final String STEP_UP_BODY = "{\"error\":\"insufficient_user_authentication\","
            + "\"error_description\":\"A stronger or more recent authentication is required\"}";
    static final List<String> APPS = List.of("/filter", "/jaxrs", "/module");

    @TempDir
    static Path webapps;

    LocalIssuer issuer;
    WebContainer container;

    /** A new, not started container that runs the module in the applications it is given. */
    abstract WebContainer newContainer();

    @BeforeAll
    void start() throws Exception {
        issuer = LocalIssuer.start();
        Map<String, String> params = new LinkedHashMap<>();
        params.put("jwtgate.issuers", issuer.issuer() + "|" + issuer.jwksUri());
        params.put("jwtgate.audiences", "api");
        params.put("jwtgate.realm", REALM);
        Map<String, String> filterParams = new LinkedHashMap<>(params);
        filterParams.put("jwtgate.protected-paths", "/step/* /plain/*");
        filterParams.put("jwtgate.required-acr[/step/*]", MFA);
        filterParams.put("jwtgate.max-auth-age[/step/*]", "5m");
        Map<String, String> moduleParams = new LinkedHashMap<>(params);
        moduleParams.put("jwtgate.required-acr", MFA);
        moduleParams.put("jwtgate.max-auth-age", "300s");

        Map<String, Path> apps = new LinkedHashMap<>();
        apps.put("/filter", new Descriptor().contextParams(filterParams)
                .filter("jwtgate", JwtGateFilter.class.getName(), Map.of())
                .servlet("who", WhoServlet.class.getName(), Map.of(), "/step/*", "/plain/*")
                .writeTo(webapps.resolve("filter")));
        apps.put("/jaxrs", new Descriptor().contextParams(params)
                .servlet("jaxrs", "org.glassfish.jersey.servlet.ServletContainer",
                        Map.of("jakarta.ws.rs.Application", StepUpApplication.class.getName()), "/*")
                .writeTo(webapps.resolve("jaxrs")));
        apps.put("/module", new Descriptor().contextParams(moduleParams).listener(JwtGateAuthentication.class)
                .servlet("who", WhoServlet.class.getName(), Map.of(), "/step/*")
                .constraint("/step/*", "**")
                .writeTo(webapps.resolve("module")));
        container = newContainer();
        container.start(apps);
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

    private TokenMinter minter() {
        return issuer.minter().subject("carol").audience("api");
    }

    private static long now() {
        return Instant.now().getEpochSecond();
    }

    /** Status, challenges, body and Cache-Control of each application for {@code token}, which must all be the same. */
    private String sameEverywhere(String token) {
        Map<String, String> answers = new LinkedHashMap<>();
        for (String app : APPS) {
            HttpResponse<String> r = Http.get(container.uri(app + "/step/who"), token);
            // An answer the resource gave is the resource's (Tomcat adds Cache-Control: private behind a constraint).
            answers.put(app, r.statusCode() == 200 ? "200" : r.statusCode() + "|" + r.headers().allValues("WWW-Authenticate")
                    + "|" + r.headers().allValues("Cache-Control") + "|" + r.body());
        }
        assertEquals(1, answers.values().stream().distinct().count(), () -> "the adapters differ: " + answers);
        return answers.get("/filter");
    }

    private static String stepUpRefusal() {
        return "401|[" + STEP_UP_CHALLENGE + "]|[no-store]|" + STEP_UP_BODY;
    }

    @Test
    void acrMissing() {
        assertEquals(stepUpRefusal(), sameEverywhere(minter().claim("auth_time", now()).sign()));
    }

    @Test
    void acrWrong() {
        assertEquals(stepUpRefusal(), sameEverywhere(minter().claim("acr", "urn:example:pwd").claim("auth_time", now()).sign()));
    }

    @Test
    void authTimeTooOld() {
        assertEquals(stepUpRefusal(), sameEverywhere(minter().claim("acr", MFA).claim("auth_time", now() - 3600).sign()));
    }

    @Test
    void authTimeMissing() {
        assertEquals(stepUpRefusal(), sameEverywhere(minter().claim("acr", MFA).sign()));
    }

    @Test
    void acrNotAStringIsTheFixedInvalidTokenRefusal() {
        assertEquals("401|[Bearer realm=\"" + REALM + "\", error=\"invalid_token\", error_description=\"The token has a "
                + "malformed claim\"]|[no-store]|{\"error\":\"invalid_token\",\"error_description\":\"The token has a "
                + "malformed claim\"}", sameEverywhere(minter().claim("acr", List.of(MFA)).claim("auth_time", now()).sign()));
    }

    @Test
    void ok() {
        assertEquals("200", sameEverywhere(minter().claim("acr", MFA).claim("auth_time", now() - 60).sign()));
        for (String app : APPS) {
            HttpResponse<String> r = Http.get(container.uri(app + "/step/who"),
                    minter().claim("acr", MFA).claim("auth_time", now() - 60).sign());
            assertTrue(r.body().startsWith("user=carol"), app + ": " + r.body());
        }
    }

    @Test
    void theFilterAsksNothingOnAPathWithoutARequirement() {
        HttpResponse<String> r = Http.get(container.uri("/filter/plain/who"), minter().sign());
        assertEquals(200, r.statusCode(), r.body());
        assertTrue(r.body().startsWith("user=carol"), r.body());
    }
}
