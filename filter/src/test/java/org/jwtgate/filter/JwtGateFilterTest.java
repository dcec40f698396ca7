package org.jwtgate.filter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
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
import org.junit.jupiter.api.io.TempDir;

/** The filter, declared in web.xml, on a real Jetty 12 against a real local issuer over HTTP. */
class JwtGateFilterTest {
    private static final String REALM = "test-realm";
    private static final String NO_CREDENTIALS_BODY =
            "{\"error\":\"unauthorized\",\"error_description\":\"A bearer token is required\"}";
    private static final String FORM = "application/x-www-form-urlencoded";

    @TempDir
    static Path webapps;

    static LocalIssuer issuer;
    static LocalIssuer downIssuer;
    static TestServer server;

    @BeforeAll
    static void start() {
        issuer = LocalIssuer.start();
        downIssuer = LocalIssuer.start();
        downIssuer.outage(true);
        String explicit = issuer.issuer() + "|" + issuer.jwksUri();
        server = new TestServer()
                // audiences from a context-param; realm through a placeholder with a default
                .add("/app", new WebXml()
                        .contextParam("jwtgate.audiences", "api")
                        .filter(Map.of("issuers", explicit,
                                "realm", "${sys:jwtgate.test.no-such-property:" + REALM + "}",
                                "query-parameter", "true",
                                "cookie-name", "at",
                                "excluded-paths", "/health"))
                        .servlet("echo", EchoServlet.class, "/api/*", "/health"), webapps.resolve("app"))
                .add("/opt", new WebXml()
                        .filter(Map.of("issuers", issuer.issuer(), "audiences", "api", "realm", REALM,
                                "mode", "optional"))
                        .servlet("echo", EchoServlet.class, "/api/*"), webapps.resolve("opt"))
                .add("/form", new WebXml()
                        .filter(Map.of("issuers", explicit, "audiences", "api", "realm", REALM,
                                "form-parameter", "true"))
                        .servlet("echo", EchoServlet.class, "/api/*"), webapps.resolve("form"))
                .add("/down", new WebXml()
                        .filter(Map.of("issuers", downIssuer.issuer(), "audiences", "api", "realm", REALM,
                                "retry-after", "7s"))
                        .servlet("echo", EchoServlet.class, "/api/*"), webapps.resolve("down"))
                .start();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
        issuer.close();
        downIssuer.close();
    }

    private static TokenMinter alice() {
        return issuer.minter().subject("alice").audience("api").groups("admin", "staff")
                .claim("email", "alice@example.com");
    }

    private static HttpResponse<String> get(String path, String... headers) {
        HttpRequest.Builder b = server.request(path).GET();
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return TestServer.send(b);
    }

    private static HttpResponse<String> post(String path, String contentType, String body, String... headers) {
        HttpRequest.Builder b = server.request(path).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body));
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return TestServer.send(b);
    }

    private static Map<String, Object> json(HttpResponse<String> r) {
        try {
            return JsonUtil.parseJson(r.body());
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + r.body(), e);
        }
    }

    private static void assertOkAs(HttpResponse<String> r, String user) {
        assertEquals(200, r.statusCode(), r.body());
        Map<String, Object> seen = json(r);
        assertEquals(user, seen.get("user"));
        assertEquals("Bearer", seen.get("authType"));
        assertEquals(true, seen.get("anyAuthenticated"));
        assertEquals(true, seen.get("principalAttribute"));
    }

    private static void assertNoCredentials(HttpResponse<String> r) {
        assertEquals(401, r.statusCode());
        assertEquals(List.of("Bearer realm=\"" + REALM + "\""), r.headers().allValues("WWW-Authenticate"));
        assertEquals(NO_CREDENTIALS_BODY, r.body());
        assertJsonErrorHeaders(r);
    }

    /** 400/401 with the fixed challenge and body of {@code reason}. */
    private static void assertRefused(HttpResponse<String> r, Reason reason) {
        assertEquals(reason.status(), r.statusCode(), r.body());
        String code = reason.code().code();
        assertEquals(List.of("Bearer realm=\"" + REALM + "\", error=\"" + code + "\", error_description=\""
                + reason.description() + "\""), r.headers().allValues("WWW-Authenticate"));
        assertEquals("{\"error\":\"" + code + "\",\"error_description\":\"" + reason.description() + "\"}", r.body());
        assertJsonErrorHeaders(r);
    }

    private static void assertJsonErrorHeaders(HttpResponse<String> r) {
        assertEquals(List.of("no-store"), r.headers().allValues("Cache-Control"));
        String type = r.headers().firstValue("Content-Type").orElse("").toLowerCase(java.util.Locale.ROOT);
        assertEquals("application/json;charset=utf-8", type.replace(" ", ""));
    }

    // --- authenticated ---------------------------------------------------------------------------

    @Test
    void validTokenReachesTheServletAsItsPrincipalWithRoles() {
        String token = alice().sign();
        HttpResponse<String> r = get("/app/api/echo", "Authorization", "Bearer " + token);
        assertOkAs(r, "alice");
        Map<String, Object> seen = json(r);
        assertEquals(true, seen.get("admin"));
        assertEquals(token, seen.get("tokenAttribute"));
        @SuppressWarnings("unchecked")
        Map<String, Object> claims = (Map<String, Object>) seen.get("claims");
        assertEquals("alice@example.com", claims.get("email"));
        assertEquals(issuer.issuer(), claims.get("iss"));
    }

    @Test
    void theApplicationReadsTheEngineAndItsCacheStatisticsFromTheServletContext() {
        String token = alice().subject("cache-stats").sign();
        Map<String, Object> first = json(get("/opt/api/echo", "Authorization", "Bearer " + token, "X-Echo-Gate", "jwtgate"));
        Map<String, Object> second = json(get("/opt/api/echo", "Authorization", "Bearer " + token, "X-Echo-Gate", "jwtgate"));
        assertEquals(1L, (Long) second.get("validations") - (Long) first.get("validations"));
        assertEquals(1L, (Long) second.get("cacheHits") - (Long) first.get("cacheHits"), "the same token again: a cache hit");
        assertEquals(null, json(get("/opt/api/echo", "X-Echo-Gate", "no-such-filter")).get("validations"));
    }

    @Test
    void userWithoutAdminGroupIsNotInAdminRole() {
        HttpResponse<String> r = get("/app/api/echo", "Authorization", "Bearer " + alice().groups("staff").sign());
        assertOkAs(r, "alice");
        assertEquals(false, json(r).get("admin"));
    }

    @Test
    void bearerSchemeIsCaseInsensitive() {
        assertOkAs(get("/app/api/echo", "Authorization", "bEaReR " + alice().sign()), "alice");
    }

    @Test
    void keysAreDiscoveredFromTheIssuerWhenNoJwksUriIsGiven() {
        assertOkAs(get("/opt/api/echo", "Authorization", "Bearer " + alice().sign()), "alice");
    }

    // --- no credentials ----------------------------------------------------------------------------

    @Test
    void requestWithoutTokenGetsBareChallenge() {
        assertNoCredentials(get("/app/api/echo"));
    }

    @Test
    void basicCredentialsAreTreatedAsNoToken() {
        assertNoCredentials(get("/app/api/echo", "Authorization", "Basic YWxpY2U6c2VjcmV0"));
    }

    // --- invalid_request -----------------------------------------------------------------------------

    @Test
    void tokenInHeaderAndQueryIsInvalidRequest() {
        String token = alice().sign();
        assertRefused(get("/app/api/echo?access_token=" + token, "Authorization", "Bearer " + token),
                Reason.MULTIPLE_TOKENS);
    }

    @Test
    void twoAuthorizationHeadersAreInvalidRequest() {
        String token = alice().sign();
        assertRefused(get("/app/api/echo", "Authorization", "Bearer " + token, "Authorization", "Bearer " + token),
                Reason.MULTIPLE_TOKENS);
    }

    @Test
    void emptyAccessTokenQueryParameterIsInvalidRequest() {
        assertRefused(get("/app/api/echo?access_token="), Reason.EMPTY_TOKEN);
    }

    @Test
    void tokenInHeaderAndCookieIsInvalidRequest() {
        String token = alice().sign();
        assertRefused(get("/app/api/echo", "Authorization", "Bearer " + token, "Cookie", "at=" + token),
                Reason.MULTIPLE_TOKENS);
    }

    // --- query and cookie transports ------------------------------------------------------------------

    @Test
    void tokenInQueryIsAcceptedWhenEnabled() {
        assertOkAs(get("/app/api/echo?x=1&access_token=" + alice().sign()), "alice");
    }

    @Test
    void tokenInNamedCookieIsAccepted() {
        assertOkAs(get("/app/api/echo", "Cookie", "other=1; at=" + alice().sign()), "alice");
    }

    @Test
    void queryTokenIsIgnoredWhenQueryTransportIsOff() {
        assertNoCredentials(get("/form/api/echo?access_token=" + alice().sign()));
    }

    // --- invalid_token -------------------------------------------------------------------------------

    @Test
    void bearerValueWithSpaceIsMalformed() {
        assertRefused(get("/app/api/echo", "Authorization", "Bearer a b"), Reason.MALFORMED_HEADER);
    }

    @Test
    void expiredTokenIsRefused() {
        // A real expired token: issued an hour ago, expired ten minutes ago (beyond the 60 s skew).
        Instant now = Instant.now();
        String token = alice().issuedAt(now.minus(Duration.ofHours(1))).expiresAt(now.minus(Duration.ofMinutes(10))).sign();
        assertRefused(get("/app/api/echo", "Authorization", "Bearer " + token), Reason.EXPIRED);
    }

    @Test
    void tokenForAnotherAudienceIsRefused() {
        assertRefused(get("/app/api/echo", "Authorization", "Bearer " + alice().audience("other").sign()),
                Reason.WRONG_AUDIENCE);
    }

    @Test
    void tokenFromUntrustedIssuerIsRefused() {
        assertRefused(get("/app/api/echo", "Authorization", "Bearer " + alice().issuer("https://evil.example").sign()),
                Reason.UNTRUSTED_ISSUER);
    }

    @Test
    void tokenWithFlippedSignatureBitIsRefused() {
        String token = TokenMinter.flipSignatureBit(alice().sign());
        assertRefused(get("/app/api/echo", "Authorization", "Bearer " + token), Reason.BAD_SIGNATURE);
    }

    @Test
    void tokenSignedByUnpublishedKeyIsRefusedAsUnknownKey() {
        String token = TokenMinter.signedWith(TestKeys.rsa()).issuer(issuer.issuer()).subject("alice")
                .audience("api").sign();
        assertRefused(get("/app/api/echo", "Authorization", "Bearer " + token), Reason.UNKNOWN_KEY);
    }

    @Test
    void refusalNeverEchoesTokenOrClaims() {
        String marker = "zz-distinctive-claim-7f3a";
        String token = alice().subject("sub-" + marker).claim("note", marker).audience("other").sign();
        HttpResponse<String> r = get("/app/api/echo?q=" + marker, "Authorization", "Bearer " + token);
        assertRefused(r, Reason.WRONG_AUDIENCE);
        assertNotEchoed(r, token, marker);

        HttpResponse<String> malformed = get("/app/api/echo", "Authorization", "Bearer " + marker + "<x>");
        assertRefused(malformed, Reason.MALFORMED_HEADER);
        assertNotEchoed(malformed, token, marker);
    }

    private static void assertNotEchoed(HttpResponse<String> r, String token, String marker) {
        List<String> forbidden = List.of(token, token.split("\\.")[1], token.split("\\.")[2], marker);
        for (String f : forbidden) {
            assertFalse(r.body().contains(f), "body echoes request data");
            r.headers().map().forEach((name, values) -> values.forEach(
                    v -> assertFalse(v.contains(f), "header " + name + " echoes request data")));
        }
    }

    // --- keys unavailable -------------------------------------------------------------------------------

    @Test
    void issuerDownFromTheStartAnswers503WithRetryAfterAndNoChallenge() {
        String token = downIssuer.minter().subject("alice").audience("api").sign();
        HttpResponse<String> r = get("/down/api/echo", "Authorization", "Bearer " + token);
        assertEquals(503, r.statusCode());
        assertEquals(List.of("7"), r.headers().allValues("Retry-After"));
        assertTrue(r.headers().allValues("WWW-Authenticate").isEmpty());
        assertEquals("{\"error\":\"temporarily_unavailable\","
                + "\"error_description\":\"The token issuer keys are temporarily unavailable\"}", r.body());
        assertJsonErrorHeaders(r);
    }

    // --- paths and mode ----------------------------------------------------------------------------------

    @Test
    void excludedPathPassesWithoutToken() {
        HttpResponse<String> r = get("/app/health");
        assertEquals(200, r.statusCode());
        assertNull(json(r).get("user"));
        assertNull(json(r).get("authType"));
    }

    @Test
    void excludedPathMatchesTheDecodedPathWithoutPathParameters() {
        assertEquals(200, get("/app/%68ealth").statusCode());
        assertEquals(200, get("/app/health;jsessionid=abc").statusCode());
    }

    @Test
    void protectedPathWithPathParameterStillNeedsToken() {
        assertNoCredentials(get("/app/api/echo;jsessionid=abc"));
    }

    @Test
    void optionalModeLetsAnonymousRequestsThrough() {
        HttpResponse<String> r = get("/opt/api/echo");
        assertEquals(200, r.statusCode());
        Map<String, Object> seen = json(r);
        assertNull(seen.get("user"));
        assertNull(seen.get("authType"));
        assertEquals(false, seen.get("anyAuthenticated"));
        assertEquals(false, seen.get("principalAttribute"));
    }

    @Test
    void optionalModeStillRefusesBadToken() {
        assertRefused(get("/opt/api/echo", "Authorization", "Bearer " + alice().audience("other").sign()),
                Reason.WRONG_AUDIENCE);
    }

    // --- form body -------------------------------------------------------------------------------------

    @Test
    void formBodyTokenIsAcceptedOnFormPost() {
        HttpResponse<String> r = post("/form/api/echo", FORM + "; charset=UTF-8",
                "note=hi&access_token=" + alice().sign(), "X-Echo-Param", "true");
        assertOkAs(r, "alice");
        assertEquals("hi", json(r).get("note"));
    }

    @Test
    void queryTokenBeforeFormTokenIsNotCountedAsFormValue() {
        // The query transport is off in /form: only the body value counts, so this is one token, not two.
        String token = alice().sign();
        assertOkAs(post("/form/api/echo?access_token=" + token, FORM, "access_token=" + token), "alice");
    }

    @Test
    void formTokenAndHeaderTokenAreInvalidRequest() {
        String token = alice().sign();
        assertRefused(post("/form/api/echo", FORM, "access_token=" + token, "Authorization", "Bearer " + token),
                Reason.MULTIPLE_TOKENS);
    }

    @Test
    void bodyTokenIsIgnoredWhenNotFormEncoded() {
        assertNoCredentials(post("/form/api/echo", "text/plain", "access_token=" + alice().sign()));
    }

    @Test
    void bodyIsNotReadWhenFormTransportIsOff() {
        String body = "access_token=" + alice().sign() + "&note=untouched";
        HttpResponse<String> r = post("/app/api/echo", FORM, body,
                "Authorization", "Bearer " + alice().sign(), "X-Echo-Body", "true");
        assertOkAs(r, "alice");
        assertEquals(body, json(r).get("body"));
    }

    @Test
    void formBodyTokenIsIgnoredWhenFormTransportIsOff() {
        assertNoCredentials(post("/app/api/echo", FORM, "access_token=" + alice().sign()));
    }

    @Test
    void unparseableFormBodyIsInvalidRequestAndIsNotEchoed() {
        HttpResponse<String> r = post("/form/api/echo", FORM, "access_token=%zz-marker");
        assertRefused(r, Reason.MALFORMED_REQUEST);
        assertFalse(r.body().contains("marker"));
    }
}
