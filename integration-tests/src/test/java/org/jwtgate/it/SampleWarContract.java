package org.jwtgate.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;
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
 * One end-to-end suite, run unchanged against the built sample WAR on every container. The WAR is
 * configured by environment variables alone: it trusts its own tenants (acme, globex: keys from its own
 * JWKS servlet, found by discovery) and three local issuers standing in for an external identity
 * provider: one healthy, one down from the start, one that goes down during the test.
 *
 * <p>Rotation, outage and kid-spray cases run against a real container and its real clock, with
 * {@code jwks-refresh-interval}, {@code jwks-min-ttl} and {@code jwks-max-staleness} set to seconds;
 * they poll for the expected answer within a bounded time.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class SampleWarContract {
    private static final String AUDIENCE = "sample-api";
    private static final String CHALLENGE = "Bearer realm=\"sample\"";
    /** The acr that the sample's step-up routes require (web.xml, MeResource), within 5 minutes. */
    private static final String STEP_UP_ACR = "urn:jwtgate:demo:mfa";
    private static final String JOSE4J_LOGGER = "org.jose4j.jwa.AlgorithmFactoryFactory";
    private static final String JOSE4J_STARTUP_LINE = "Initializing jose4j";
    private static final List<String> PRIVATE_MEMBERS = List.of("d", "p", "q", "dp", "dq", "qi", "oth", "k");

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private LocalIssuer idp;
    private LocalIssuer downIdp;
    private LocalIssuer flakyIdp;
    private Container container;
    private long started;

    abstract Container.Kind kind();

    @BeforeAll
    void start() throws Exception {
        idp = LocalIssuer.start("realms/demo", TestKeys.rsa());
        downIdp = LocalIssuer.start("realms/down", TestKeys.ec("P-256"));
        downIdp.outage(true);
        flakyIdp = LocalIssuer.start("realms/flaky", TestKeys.rsa());
        flakyIdp.cacheControl("max-age=1");
        // jose4j logs through SLF4J, the sample bundles SLF4J -> JUL: one jose4j logger at FINE (its
        // start-up line, no token material) shows whether jose4j's messages reach the server's log.
        Path logging = Files.createTempFile("jul-jose4j", ".properties");
        Files.writeString(logging, "handlers=java.util.logging.ConsoleHandler\n.level=INFO\n"
                + JOSE4J_LOGGER + ".level=FINE\njava.util.logging.ConsoleHandler.level=FINE\n");
        long t0 = System.nanoTime();
        container = Container.start(kind(), Map.of(
                "JAVA_TOOL_OPTIONS", "-Djava.util.logging.config.file=" + logging,
                "JWTGATE_ISSUERS", "{PUBLIC_URL}/t/acme {PUBLIC_URL}/t/globex " + idp.issuer() + " "
                        + downIdp.issuer() + "|" + downIdp.jwksUri() + " " + flakyIdp.issuer() + "|" + flakyIdp.jwksUri(),
                "JWTGATE_AUDIENCES", AUDIENCE,
                "JWTGATE_DEMO_TOKENS", "true", // the suite gets its tenants' tokens from the demo endpoint
                "JWTGATE_JWKS_REFRESH_INTERVAL", "1s",
                "JWTGATE_JWKS_MIN_TTL", "1s",
                "JWTGATE_JWKS_MAX_STALENESS", "3s"));
        started = (System.nanoTime() - t0) / 1_000_000;
        System.out.println(kind() + " started in " + started + " ms");
    }

    @AfterAll
    void stop() {
        for (AutoCloseable c : new AutoCloseable[] {container, idp, downIdp, flakyIdp}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception ignored) {
                // best effort
            }
        }
    }

    // --- helpers -------------------------------------------------------------------------------

    private TokenMinter alice() {
        return idp.minter().audience(AUDIENCE).subject("alice").groups("admin", "staff").scope("orders:read");
    }

    private HttpResponse<String> send(String method, String path, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(container.uri(path)).timeout(Duration.ofSeconds(30))
                .method(method, HttpRequest.BodyPublishers.noBody());
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path, String... headers) throws Exception {
        return send("GET", path, headers);
    }

    private HttpResponse<String> bearer(String path, String token) throws Exception {
        return get(path, "Authorization", "Bearer " + token);
    }

    private HttpResponse<String> whoami(String token) throws Exception {
        return bearer("/api/whoami", token);
    }

    /** A token from the sample's own demo endpoint, signed with the tenant's key. */
    private String demoToken(String tenant, String subject, String roles, String scope) throws Exception {
        return demoToken(tenant, subject, roles, scope, "");
    }

    /** As {@link #demoToken(String, String, String, String)}, with more form parameters ({@code &acr=…}). */
    private String demoToken(String tenant, String subject, String roles, String scope, String more) throws Exception {
        String form = "tenant=" + tenant + "&subject=" + subject + "&roles=" + roles + "&scope=" + scope.replace(" ", "+") + more;
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(container.uri("/demo/token")).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/x-www-form-urlencoded").header("Accept", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        org.jose4j.jws.JsonWebSignature jws = (org.jose4j.jws.JsonWebSignature)
                org.jose4j.jws.JsonWebSignature.fromCompactSerialization(r.body());
        assertEquals("at+jwt", jws.getHeader("typ"));
        assertEquals("jwtgate-demo", JsonUtil.parseJson(jws.getUnverifiedPayload()).get("client_id"), "RFC 9068 §2.2");
        return r.body();
    }

    private static void assertRefused(HttpResponse<String> r, Reason reason, String... scope) {
        assertEquals(reason.status(), r.statusCode(), r.body());
        String expected = CHALLENGE + ", error=\"" + reason.code().code() + "\", error_description=\"" + reason.description()
                + "\"" + (scope.length == 0 ? "" : ", scope=\"" + String.join(" ", scope) + "\"");
        assertEquals(List.of(expected), r.headers().allValues("WWW-Authenticate"));
        assertEquals("{\"error\":\"" + reason.code().code() + "\",\"error_description\":\"" + reason.description() + "\"}",
                r.body());
    }

    /** Polls a live container until {@code expected} holds (bounded); the real clock must pass for it. */
    private HttpResponse<String> awaitResponse(Duration within, Predicate<HttpResponse<String>> expected,
            java.util.concurrent.Callable<HttpResponse<String>> call) throws Exception {
        long deadline = System.nanoTime() + within.toNanos();
        HttpResponse<String> last;
        do {
            last = call.call();
            if (expected.test(last)) {
                return last;
            }
            Thread.sleep(200); // a real container's real clock: the refresh interval must pass
        } while (System.nanoTime() < deadline);
        return last;
    }

    // --- the suite -----------------------------------------------------------------------------

    @Test
    void healthAndTheDemoPageArePublic() throws Exception {
        assertEquals(200, get("/health").statusCode());
        HttpResponse<String> index = get("/");
        assertEquals(200, index.statusCode());
        assertTrue(index.body().contains("jwtgate sample"));
    }

    @Test
    void jose4jLogsIntoTheServersLogWithoutAnySlf4jError() throws Exception {
        assertEquals(200, whoami(alice().sign()).statusCode(), container.tail()); // jose4j has started by now
        String log = container.output();
        assertFalse(log.contains("SLF4J(E)"), "no SLF4J error: " + container.tail());
        assertFalse(log.contains("No SLF4J providers"), "an SLF4J provider is found: " + container.tail());
        assertTrue(log.contains(JOSE4J_STARTUP_LINE), "jose4j's " + JOSE4J_LOGGER + " reaches the log: " + container.tail());
    }

    @Test
    void pingIsTheHealthAnswerBehindTheFilter() throws Exception {
        HttpResponse<String> anonymous = get("/api/ping");
        assertEquals(401, anonymous.statusCode());
        assertEquals(CHALLENGE, anonymous.headers().firstValue("WWW-Authenticate").orElse(null));
        HttpResponse<String> r = bearer("/api/ping", alice().sign());
        assertEquals(200, r.statusCode(), r.body() + "\n" + container.tail());
        assertEquals(get("/health").body(), r.body());
    }

    @Test
    void tokenOfAnExternalIssuerReachesTheApplicationAsItsPrincipal() throws Exception {
        HttpResponse<String> r = whoami(alice().sign());
        assertEquals(200, r.statusCode(), r.body() + "\n" + container.tail());
        Map<String, Object> json = JsonUtil.parseJson(r.body());
        assertEquals("alice", json.get("user"));
        assertEquals("Bearer", json.get("authType"));
        assertEquals(Boolean.TRUE, json.get("admin"));
        assertEquals(List.of("admin", "staff"), json.get("roles"));
        assertEquals(List.of("orders:read"), json.get("scopes"));
    }

    @Test
    void tokenOfTheSamplesOwnTenantIsFoundByDiscovery() throws Exception {
        HttpResponse<String> r = whoami(demoToken("acme", "carol", "staff", "orders:read"));
        assertEquals(200, r.statusCode(), r.body() + "\n" + container.tail());
        Map<String, Object> json = JsonUtil.parseJson(r.body());
        assertEquals("carol", json.get("user"));
        assertEquals(container.base() + "/t/acme", ((Map<?, ?>) json.get("claims")).get("iss"));
    }

    @Test
    void noTokenOrAnotherSchemeGetsTheBareChallenge() throws Exception {
        for (HttpResponse<String> r : List.of(get("/api/whoami"), get("/api/whoami", "Authorization", "Basic dXNlcjpwdw=="),
                get("/api/rest/me"))) {
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
    void badTokensGetTheirExactChallengeAndAreNeverEchoed() throws Exception {
        String marker = "claim-marker-" + kind().name();
        String good = alice().claim("note", marker).sign();
        assertRefused(whoami(TokenMinter.flipSignatureBit(good)), Reason.BAD_SIGNATURE);
        assertRefused(whoami(alice().kid("no-such-kid").sign()), Reason.UNKNOWN_KEY);
        assertRefused(whoami(alice().audience("another-api").sign()), Reason.WRONG_AUDIENCE);
        assertRefused(whoami(alice().issuer("https://not-trusted.example").sign()), Reason.UNTRUSTED_ISSUER);
        assertRefused(whoami(alice().unsigned()), Reason.ALGORITHM_NOT_ALLOWED);
        assertRefused(whoami("not-a-jwt"), Reason.MALFORMED_TOKEN);
        HttpResponse<String> expired = whoami(alice().issuedAt(Instant.now().minusSeconds(3600))
                .expiresAt(Instant.now().minusSeconds(600)).claim("note", marker).sign());
        assertRefused(expired, Reason.EXPIRED);
        assertFalse(expired.body().contains(marker));
        assertFalse(container.output().contains(marker), "the container log never shows claims");
        assertFalse(container.output().contains(good.substring(good.lastIndexOf('.') + 1)), "nor a signature");
    }

    @Test
    void servletAndJaxRsAnswerEveryTokenIdentically() throws Exception {
        String valid = alice().sign();
        List<Optional<String>> tokens = List.of(Optional.of(valid), Optional.empty(),
                Optional.of(alice().expiresAt(Instant.now().minusSeconds(600)).issuedAt(Instant.now().minusSeconds(900)).sign()),
                Optional.of(alice().audience("x").sign()), Optional.of(TokenMinter.flipSignatureBit(valid)),
                Optional.of(alice().kid(UUID.randomUUID().toString()).sign()), Optional.of("a.b"));
        for (Optional<String> token : tokens) {
            String[] auth = token.map(t -> new String[] {"Authorization", "Bearer " + t}).orElse(new String[0]);
            HttpResponse<String> servlet = get("/api/whoami", auth);
            HttpResponse<String> jaxrs = get("/api/rest/me", auth);
            assertEquals(servlet.statusCode(), jaxrs.statusCode(), token.toString());
            assertEquals(servlet.headers().allValues("WWW-Authenticate"), jaxrs.headers().allValues("WWW-Authenticate"));
            assertEquals(servlet.body(), jaxrs.body());
        }
        HttpResponse<String> twice = get("/api/rest/me", "Authorization", "Bearer " + valid, "Authorization", "Bearer " + valid);
        assertRefused(twice, Reason.MULTIPLE_TOKENS);
    }

    @Test
    void rolesAndScopesAreEnforcedOnJaxRsResources() throws Exception {
        String manager = demoToken("acme", "alice", "orders-manager", "orders:read orders:write");
        assertEquals(200, bearer("/api/rest/t/acme/orders", manager).statusCode());
        assertEquals(200, send("POST", "/api/rest/t/acme/orders", "Authorization", "Bearer " + manager).statusCode());
        assertRefused(bearer("/api/rest/t/acme/orders/admin", manager), Reason.MISSING_ROLE);

        String reader = demoToken("acme", "bob", "staff", "orders:read");
        assertRefused(send("POST", "/api/rest/t/acme/orders", "Authorization", "Bearer " + reader), Reason.MISSING_ROLE);
        String managerWithoutWrite = demoToken("acme", "dan", "orders-manager", "orders:read");
        assertRefused(send("POST", "/api/rest/t/acme/orders", "Authorization", "Bearer " + managerWithoutWrite),
                Reason.MISSING_SCOPE, "orders:write");
        String noScope = demoToken("acme", "eve", "admin", "profile");
        assertRefused(bearer("/api/rest/t/acme/orders", noScope), Reason.MISSING_SCOPE, "orders:read");
        assertEquals(200, bearer("/api/rest/t/acme/orders/admin", noScope).statusCode());
    }

    @Test
    void eachTenantsRoutesTrustOnlyThatTenant() throws Exception {
        String acme = demoToken("acme", "alice", "staff", "orders:read");
        String globex = demoToken("globex", "gina", "staff", "orders:read");
        assertEquals(200, bearer("/api/rest/t/acme/orders", acme).statusCode());
        assertEquals(200, bearer("/api/rest/t/globex/orders", globex).statusCode());
        assertRefused(bearer("/api/rest/t/globex/orders", acme), Reason.UNTRUSTED_ISSUER);
        assertRefused(bearer("/api/rest/t/acme/orders", globex), Reason.UNTRUSTED_ISSUER);
        // an external issuer's token is trusted on /api/* but on no tenant's routes
        assertRefused(bearer("/api/rest/t/acme/orders", alice().sign()), Reason.UNTRUSTED_ISSUER);
    }

    @Test
    void jwksEndpointPublishesPublicKeysWithCachingAndCors() throws Exception {
        HttpResponse<String> r = get("/t/acme/oauth2/jwks");
        assertEquals(200, r.statusCode());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
        assertEquals("public, max-age=300", r.headers().firstValue("Cache-Control").orElse(null));
        assertEquals("*", r.headers().firstValue("Access-Control-Allow-Origin").orElse(null));
        String etag = r.headers().firstValue("ETag").orElseThrow();
        Map<String, Object> jwks = JsonUtil.parseJson(r.body());
        List<?> keys = (List<?>) jwks.get("keys");
        assertFalse(keys.isEmpty());
        for (Object o : keys) {
            Map<?, ?> key = (Map<?, ?>) o;
            for (String member : PRIVATE_MEMBERS) {
                assertFalse(key.containsKey(member), member);
            }
            assertEquals("sig", key.get("use"));
            assertTrue(key.containsKey("kid") && key.containsKey("x5c") && key.containsKey("x5t#S256"), key.toString());
        }
        assertEquals(304, get("/t/acme/oauth2/jwks", "If-None-Match", etag).statusCode());
        HttpResponse<String> preflight = send("OPTIONS", "/t/acme/oauth2/jwks", "Origin", "https://app.example",
                "Access-Control-Request-Method", "GET");
        assertTrue(preflight.statusCode() == 204 || preflight.statusCode() == 200, "preflight " + preflight.statusCode());
        assertTrue(preflight.headers().firstValue("Access-Control-Allow-Methods").orElse("").contains("GET"));
        HttpResponse<String> post = send("POST", "/t/acme/oauth2/jwks");
        assertEquals(405, post.statusCode());
        assertTrue(post.headers().firstValue("Allow").orElse("").contains("GET"));
        assertEquals(404, get("/t/nobody/oauth2/jwks").statusCode());
        assertEquals(404, get("/t/" + "a".repeat(300) + "/oauth2/jwks").statusCode());
        Map<String, Object> discovery = JsonUtil.parseJson(get("/t/acme/.well-known/openid-configuration").body());
        assertEquals(container.base() + "/t/acme", discovery.get("issuer"));
        Map<String, Object> metadata = JsonUtil.parseJson(get("/t/acme/.well-known/oauth-authorization-server").body());
        assertEquals(container.base() + "/t/acme", metadata.get("issuer"));
        assertEquals(discovery.get("jwks_uri"), metadata.get("jwks_uri"));
    }

    @Test
    void issuerWhoseKeysCannotBeFetchedGets503WithRetryAfter() throws Exception {
        String token = TokenMinter.signedWith(downIdp.currentKey()).issuer(downIdp.issuer()).audience(AUDIENCE)
                .subject("bob").sign();
        HttpResponse<String> r = whoami(token);
        assertEquals(503, r.statusCode(), r.body());
        assertEquals("30", r.headers().firstValue("Retry-After").orElse(null));
        assertTrue(r.headers().allValues("WWW-Authenticate").isEmpty());
    }

    @Test
    void jwtgateHealthShowsTheIssuersAndThePublisherAnd503OnceAnIssuersKeysAreUnavailable() throws Exception {
        String token = TokenMinter.signedWith(downIdp.currentKey()).issuer(downIdp.issuer()).audience(AUDIENCE)
                .subject("bob").sign();
        assertEquals(503, whoami(token).statusCode());
        HttpResponse<String> r = get("/health/jwtgate");
        assertEquals(503, r.statusCode(), r.body());
        assertEquals("application/json", r.headers().firstValue("Content-Type").orElse("").split(";")[0].strip());
        Map<String, Object> json = JsonUtil.parseJson(r.body());
        assertEquals("DOWN", json.get("status"), r.body());
        List<?> checks = (List<?>) json.get("checks");
        assertTrue(checks.stream().anyMatch(c -> c instanceof Map<?, ?> m && downIdp.issuer().equals(m.get("name"))
                && "DOWN".equals(m.get("status"))), r.body());
        assertTrue(checks.stream().anyMatch(c -> c instanceof Map<?, ?> m && "publisher".equals(m.get("kind"))
                && "UP".equals(m.get("status"))), r.body());
        assertFalse(r.body().contains(downIdp.jwksUri()), "no URL but the configured issuers");
        assertFalse(r.body().toLowerCase(java.util.Locale.ROOT).contains("password"), r.body());
        assertEquals(200, get("/health").statusCode(), "the sample's own /health is unchanged");
    }

    @Test
    void payaraReadinessIncludesJwtgatesCheck() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(kind() == Container.Kind.PAYARA_MICRO_6, "MicroProfile Health: Payara only");
        String token = TokenMinter.signedWith(downIdp.currentKey()).issuer(downIdp.issuer()).audience(AUDIENCE)
                .subject("bob").sign();
        assertEquals(503, whoami(token).statusCode());
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(container.base().resolve("/health/ready"))
                .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(503, r.statusCode(), r.body() + "\n" + container.tail());
        Map<String, Object> json = JsonUtil.parseJson(r.body());
        assertEquals("DOWN", json.get("status"), r.body());
        Map<?, ?> jwtgate = ((List<?>) json.get("checks")).stream().map(c -> (Map<?, ?>) c)
                .filter(c -> "jwtgate".equals(c.get("name"))).findFirst().orElseThrow(() -> new AssertionError(r.body()));
        assertEquals("DOWN", jwtgate.get("status"), r.body());
        Map<?, ?> data = (Map<?, ?>) jwtgate.get("data");
        assertEquals("DOWN", data.get("issuer " + downIdp.issuer()), r.body());
        assertEquals("UP", data.get("issuer " + idp.issuer()), r.body());
    }

    @Test
    void rotatedKeyIsPickedUpWithoutRestart() throws Exception {
        assertEquals(200, whoami(alice().sign()).statusCode());
        idp.rotate();
        String rotated = alice().sign();
        HttpResponse<String> r = awaitResponse(Duration.ofSeconds(15), x -> x.statusCode() == 200, () -> whoami(rotated));
        assertEquals(200, r.statusCode(), r.body());
    }

    @Test
    void outageIsServedFromCacheThenAnswered503() throws Exception {
        TokenMinter flaky = flakyIdp.minter().audience(AUDIENCE).subject("fran");
        assertEquals(200, whoami(flaky.sign()).statusCode());
        flakyIdp.outage(true);
        try {
            assertEquals(200, whoami(flaky.sign()).statusCode(), "cached keys keep serving at first");
            HttpResponse<String> r = awaitResponse(Duration.ofSeconds(20), x -> x.statusCode() == 503, () -> whoami(flaky.sign()));
            assertEquals(503, r.statusCode(), "after max-age (1s) and max-staleness (3s): " + r.body());
        } finally {
            flakyIdp.outage(false);
        }
    }

    @Test
    void kidSprayCausesAtMostOneFetchPerInterval() throws Exception {
        assertEquals(200, whoami(alice().sign()).statusCode());
        int before = idp.jwksRequests();
        long t0 = System.nanoTime();
        for (int i = 0; i < 100; i++) {
            assertRefused(whoami(alice().kid(UUID.randomUUID().toString()).sign()), Reason.UNKNOWN_KEY);
        }
        long seconds = (System.nanoTime() - t0) / 1_000_000_000L;
        int fetches = idp.jwksRequests() - before;
        assertTrue(fetches <= seconds + 2, fetches + " fetches in " + seconds + " s with a 1 s interval");
    }

    @Test
    void stepUpRoutesAskForTheAcrAndARecentLoginOnTheServletAndJaxRsAlike() throws Exception {
        // web.xml: required-acr[/api/stepup/*], max-auth-age[/api/stepup/*]; the resource: @RequiresAuthentication
        String stepUp = CHALLENGE + ", error=\"insufficient_user_authentication\", error_description=\""
                + Reason.INSUFFICIENT_USER_AUTHENTICATION.description() + "\", acr_values=\"" + STEP_UP_ACR + "\", max_age=\"300\"";
        String stepUpBody = "{\"error\":\"insufficient_user_authentication\",\"error_description\":\""
                + Reason.INSUFFICIENT_USER_AUTHENTICATION.description() + "\"}";
        long now = Instant.now().getEpochSecond();
        String mfa = "&acr=" + STEP_UP_ACR;
        String noAcr = demoToken("acme", "alice", "staff", "orders:read", "&auth_time=" + now);
        String otherAcr = demoToken("acme", "alice", "staff", "orders:read", "&acr=urn:jwtgate:demo:password&auth_time=" + now);
        String tooOld = demoToken("acme", "alice", "staff", "orders:read", mfa + "&auth_time=" + (now - 600));
        String noAuthTime = demoToken("acme", "alice", "staff", "orders:read", mfa);
        String ahead = demoToken("acme", "alice", "staff", "orders:read", mfa + "&auth_time=" + (now + 600));
        String fresh = demoToken("acme", "alice", "staff", "orders:read", mfa + "&auth_time=" + (now - 30));
        Map<String, Object> claims = JsonUtil.parseJson(((org.jose4j.jws.JsonWebSignature)
                org.jose4j.jws.JsonWebSignature.fromCompactSerialization(fresh)).getUnverifiedPayload());
        assertEquals(STEP_UP_ACR, claims.get("acr"));
        assertEquals(now - 30, ((Number) claims.get("auth_time")).longValue());

        for (String path : List.of("/api/stepup/whoami", "/api/rest/me/stepup")) {
            HttpResponse<String> anonymous = get(path);
            assertEquals(401, anonymous.statusCode(), path);
            assertEquals(List.of(CHALLENGE), anonymous.headers().allValues("WWW-Authenticate"), path + ": no token, no step-up");
            for (String refused : List.of(noAcr, otherAcr, tooOld, noAuthTime, ahead)) {
                HttpResponse<String> r = bearer(path, refused);
                assertEquals(401, r.statusCode(), path + " " + r.body() + "\n" + container.tail());
                assertEquals(List.of(stepUp), r.headers().allValues("WWW-Authenticate"), path);
                assertEquals("no-store", r.headers().firstValue("Cache-Control").orElse(null), path);
                assertEquals(stepUpBody, r.body(), path);
            }
            HttpResponse<String> ok = bearer(path, fresh);
            assertEquals(200, ok.statusCode(), path + " " + ok.body() + "\n" + container.tail());
            assertEquals("alice", JsonUtil.parseJson(ok.body()).get("user"), path);
            // an acr that is not a string: the token is malformed, not merely weak
            assertRefused(bearer(path, alice().claim("acr", List.of(STEP_UP_ACR)).claim("auth_time", now).sign()),
                    Reason.MALFORMED_CLAIM);
        }
        for (String token : List.of(noAcr, tooOld, fresh)) {
            HttpResponse<String> servlet = bearer("/api/stepup/whoami", token);
            HttpResponse<String> jaxrs = bearer("/api/rest/me/stepup", token);
            assertEquals(servlet.statusCode(), jaxrs.statusCode());
            assertEquals(servlet.headers().allValues("WWW-Authenticate"), jaxrs.headers().allValues("WWW-Authenticate"));
            assertEquals(servlet.body(), jaxrs.body());
        }
        // only those routes: the same weak token passes elsewhere
        assertEquals(200, whoami(noAcr).statusCode());
        assertEquals(200, bearer("/api/rest/me", noAcr).statusCode());
        // the demo endpoint mints only what step-up can name
        for (String bad : List.of("&acr=two+words", "&acr=%22quoted%22", "&acr=", "&auth_time=yesterday", "&auth_time=-1",
                "&auth_time=253402300800")) {
            HttpResponse<String> r = mint("tenant=acme&subject=alice&roles=staff" + bad);
            assertEquals(400, r.statusCode(), bad);
            assertEquals("{\"error\":\"invalid_request\"}", r.body());
        }
    }

    private HttpResponse<String> mint(String form) throws Exception {
        return http.send(HttpRequest.newBuilder(container.uri("/demo/token")).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void theDemoEndpointMintsDpopBoundTokensForTheDpopOnlyRoute() throws Exception {
        org.jose4j.jwk.PublicJsonWebKey client = TestKeys.ec("P-256");
        String jwk = client.toJson(org.jose4j.jwk.JsonWebKey.OutputControlLevel.PUBLIC_ONLY);
        String base = "tenant=acme&subject=alice&roles=admin&scope=orders%3Aread";
        HttpResponse<String> byJwk = mint(base + "&jwk=" + java.net.URLEncoder.encode(jwk, java.nio.charset.StandardCharsets.UTF_8));
        assertEquals(200, byJwk.statusCode(), byJwk.body());
        Map<String, Object> answer = JsonUtil.parseJson(byJwk.body());
        assertEquals("DPoP", answer.get("token_type"));
        String token = (String) answer.get("access_token");
        org.jose4j.jws.JsonWebSignature jws = (org.jose4j.jws.JsonWebSignature)
                org.jose4j.jws.JsonWebSignature.fromCompactSerialization(token);
        assertEquals(Map.of("jkt", org.jwtgate.testing.DpopProofs.thumbprint(client)),
                JsonUtil.parseJson(jws.getUnverifiedPayload()).get("cnf"));
        String htu = container.uri("/dpop/whoami").toString();
        HttpResponse<String> ok = get("/dpop/whoami", "Authorization", "DPoP " + token,
                "DPoP", org.jwtgate.testing.DpopProofs.minter(client, "GET", htu, token, java.time.Clock.systemUTC()).sign());
        assertEquals(200, ok.statusCode(), ok.body());
        assertEquals("alice", JsonUtil.parseJson(ok.body()).get("user"));
        assertEquals("DPoP", JsonUtil.parseJson(ok.body()).get("authType"));
        assertEquals(401, whoami(token).statusCode(), "a bound token is never a bearer token");
        HttpResponse<String> bearer = bearer("/dpop/whoami", demoToken("acme", "alice", "admin", "orders:read"));
        assertEquals(401, bearer.statusCode());
        assertEquals(List.of("DPoP realm=\"sample\", algs=\"ES256 ES384 PS256 RS256 EdDSA\", error=\"invalid_token\", "
                + "error_description=\"" + Reason.DPOP_REQUIRED.description() + "\""), bearer.headers().allValues("WWW-Authenticate"));

        HttpResponse<String> byJkt = mint(base + "&jkt=" + org.jwtgate.testing.DpopProofs.thumbprint(client));
        assertEquals(200, byJkt.statusCode(), byJkt.body());
        for (String bad : List.of("&jkt=not-a-thumbprint", "&jwk=%7B%7D", "&jwk=" + java.net.URLEncoder.encode(
                client.toJson(org.jose4j.jwk.JsonWebKey.OutputControlLevel.INCLUDE_PRIVATE), java.nio.charset.StandardCharsets.UTF_8),
                "&jkt=" + org.jwtgate.testing.DpopProofs.thumbprint(client) + "&jwk=" + java.net.URLEncoder.encode(jwk,
                        java.nio.charset.StandardCharsets.UTF_8))) {
            HttpResponse<String> r = mint(base + bad);
            assertEquals(400, r.statusCode(), bad);
            assertEquals("{\"error\":\"invalid_request\"}", r.body());
        }
    }
}
