package org.jwtgate.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
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
 * One end-to-end suite, run unchanged against the built sample WAR on every container: the WAR is
 * configured by environment variables alone to trust a real local issuer (and a second one that is
 * down from the start).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class SampleWarContract {
    private static final String AUDIENCE = "sample-api";
    private static final String CHALLENGE = "Bearer realm=\"sample\"";

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private LocalIssuer issuer;
    private LocalIssuer downIssuer;
    private Container container;

    abstract Container.Kind kind();

    @BeforeAll
    void start() throws Exception {
        issuer = LocalIssuer.start("realms/demo", TestKeys.rsa());
        downIssuer = LocalIssuer.start("realms/down", TestKeys.ec("P-256"));
        downIssuer.outage(true);
        container = Container.start(kind(), Map.of(
                "JWTGATE_ISSUERS", issuer.issuer() + " " + downIssuer.issuer() + "|" + downIssuer.jwksUri(),
                "JWTGATE_AUDIENCES", AUDIENCE));
    }

    @AfterAll
    void stop() {
        if (container != null) {
            container.close();
        }
        if (issuer != null) {
            issuer.close();
        }
        if (downIssuer != null) {
            downIssuer.close();
        }
    }

    private TokenMinter alice() {
        return issuer.minter().audience(AUDIENCE).subject("alice").groups("admin", "staff").scope("orders:read");
    }

    private HttpResponse<String> get(String path, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(container.uri(path)).timeout(Duration.ofSeconds(20));
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> bearer(String token) throws Exception {
        return get("/api/whoami", "Authorization", "Bearer " + token);
    }

    private void assertRefused(HttpResponse<String> r, Reason reason) {
        assertEquals(reason.status(), r.statusCode(), r.body());
        assertEquals(List.of(CHALLENGE + ", error=\"" + reason.code().code() + "\", error_description=\""
                + reason.description() + "\""), r.headers().allValues("WWW-Authenticate"));
        assertEquals("{\"error\":\"" + reason.code().code() + "\",\"error_description\":\"" + reason.description() + "\"}",
                r.body());
    }

    @Test
    void healthIsPublic() throws Exception {
        assertEquals(200, get("/health").statusCode());
    }

    @Test
    void validTokenReachesTheApplicationAsItsPrincipal() throws Exception {
        HttpResponse<String> r = bearer(alice().sign());
        assertEquals(200, r.statusCode(), r.body() + "\n" + container.tail());
        Map<String, Object> json = JsonUtil.parseJson(r.body());
        assertEquals("alice", json.get("user"));
        assertEquals("Bearer", json.get("authType"));
        assertEquals(Boolean.TRUE, json.get("admin"));
        assertEquals(List.of("admin", "staff"), json.get("roles"));
        assertEquals(List.of("orders:read"), json.get("scopes"));
    }

    @Test
    void noTokenOrAnotherSchemeGetsTheBareChallenge() throws Exception {
        for (HttpResponse<String> r : List.of(get("/api/whoami"), get("/api/whoami", "Authorization", "Basic dXNlcjpwdw=="))) {
            assertEquals(401, r.statusCode());
            assertEquals(List.of(CHALLENGE), r.headers().allValues("WWW-Authenticate"));
        }
    }

    @Test
    void twoAuthorizationHeadersAreInvalidRequest() throws Exception {
        String token = alice().sign();
        assertRefused(get("/api/whoami", "Authorization", "Bearer " + token, "Authorization", "Bearer " + token),
                Reason.MULTIPLE_TOKENS);
    }

    @Test
    void badTokensGetTheirExactChallenge() throws Exception {
        String marker = "claim-marker-" + kind().name();
        String good = alice().claim("note", marker).sign();
        assertRefused(bearer(TokenMinter.flipSignatureBit(good)), Reason.BAD_SIGNATURE);
        assertRefused(bearer(alice().kid("no-such-kid").sign()), Reason.UNKNOWN_KEY);
        assertRefused(bearer(alice().audience("another-api").sign()), Reason.WRONG_AUDIENCE);
        assertRefused(bearer(alice().unsigned()), Reason.ALGORITHM_NOT_ALLOWED);
        assertRefused(bearer("not-a-jwt"), Reason.MALFORMED_TOKEN);
        HttpResponse<String> expired = bearer(alice().issuedAt(java.time.Instant.now().minusSeconds(3600))
                .expiresAt(java.time.Instant.now().minusSeconds(600)).claim("note", marker).sign());
        assertRefused(expired, Reason.EXPIRED);
        assertFalse(expired.body().contains(marker));
        assertFalse(container.output().contains(marker), "the container log never shows claims");
    }

    @Test
    void issuerWhoseKeysCannotBeFetchedGets503WithRetryAfter() throws Exception {
        String token = TokenMinter.signedWith(downIssuer.currentKey()).issuer(downIssuer.issuer()).audience(AUDIENCE)
                .subject("bob").sign();
        HttpResponse<String> r = bearer(token);
        assertEquals(503, r.statusCode(), r.body());
        assertEquals("30", r.headers().firstValue("Retry-After").orElse(null));
        assertTrue(r.headers().allValues("WWW-Authenticate").isEmpty());
    }
}
