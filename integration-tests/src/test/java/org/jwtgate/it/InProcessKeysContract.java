package org.jwtgate.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.jose4j.json.JsonUtil;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The sample with a public URL the server cannot reach ({@code https://unreachable.example.invalid}),
 * as behind a proxy that the server itself cannot go through: its own tenants' keys are read in
 * process from its JWKS servlet's publisher, so their tokens validate, tenant isolation holds, and no
 * fetch is attempted. And, where the server has MicroProfile Config (Payara), a {@code jwtgate.*}
 * system property configures what web.xml leaves open ({@code excluded-paths} here, and step-up's
 * {@code required-acr[PATTERN]} / {@code max-auth-age[PATTERN]} for the JAX-RS feature, but not for the
 * filter, whose web.xml sets {@code required-acr}); elsewhere it does nothing. A new container kind needs
 * a five-line subclass.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class InProcessKeysContract {
    private static final String PUBLIC_URL = "https://unreachable.example.invalid/sample";
    private static final String MFA = "urn:jwtgate:demo:mfa";

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private Container container;

    abstract Container.Kind kind();

    /** Whether the container has MicroProfile Config (Payara). */
    boolean hasMicroProfileConfig() {
        return false;
    }

    @BeforeAll
    void start() throws Exception {
        long t0 = System.nanoTime();
        container = Container.start(kind(), Map.of(
                "JWTGATE_PUBLIC_URL", PUBLIC_URL,
                "JWTGATE_ISSUERS", PUBLIC_URL + "/t/acme " + PUBLIC_URL + "/t/globex",
                "JWTGATE_DEMO_TOKENS", "true",
                "JAVA_TOOL_OPTIONS", "-Djwtgate.excluded-paths=/api/ping -Djwtgate.realm=from-mp-config"
                        // step-up per path: the JAX-RS feature's (no step-up in web.xml) on /api/rest/me; not the
                        // filter's on /api/whoami, since its web.xml sets required-acr[/api/stepup/*]
                        + " -Djwtgate.required-acr[/api/rest/me]=" + MFA + " -Djwtgate.max-auth-age[/api/rest/me]=2m"
                        + " -Djwtgate.required-acr[/api/whoami]=" + MFA));
        System.out.println(kind() + " started in " + (System.nanoTime() - t0) / 1_000_000 + " ms");
    }

    @AfterAll
    void stop() {
        if (container != null) {
            container.close();
        }
    }

    private String demoToken(String tenant) throws Exception {
        return demoToken(tenant, "");
    }

    private String demoToken(String tenant, String more) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(container.uri("/demo/token")).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/x-www-form-urlencoded").header("Accept", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString("tenant=" + tenant + "&subject=alice&roles=staff&scope=orders:read" + more))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        return r.body();
    }

    private HttpResponse<String> get(String path, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(container.uri(path)).timeout(Duration.ofSeconds(30));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void theAppsOwnTenantsValidateWithoutReachingThePublicUrl() throws Exception {
        String acme = demoToken("acme");
        String globex = demoToken("globex");
        Map<String, Object> claims = JsonUtil.parseJson(new String(java.util.Base64.getUrlDecoder().decode(acme.split("\\.")[1]),
                java.nio.charset.StandardCharsets.UTF_8));
        assertEquals(PUBLIC_URL + "/t/acme", claims.get("iss"));
        HttpResponse<String> whoami = get("/api/whoami", acme);
        assertEquals(200, whoami.statusCode(), whoami.body());
        assertEquals(200, get("/api/whoami", globex).statusCode());
        HttpResponse<String> orders = get("/api/rest/t/acme/orders", acme);
        assertEquals(200, orders.statusCode(), orders.body());
        assertEquals(200, get("/api/rest/t/globex/orders", globex).statusCode());
        // isolation: a tenant's token on another tenant's routes
        assertEquals(401, get("/api/rest/t/globex/orders", acme).statusCode());
        assertEquals(401, get("/api/rest/t/acme/orders", globex).statusCode());
        String output = container.output();
        assertFalse(output.contains("cannot refresh the keys"), "no fetch was attempted:\n" + container.tail());
        assertFalse(output.contains("unreachable.example.invalid/sample/t/acme/.well-known")
                && output.contains("cannot connect"), output);
    }

    @Test
    void microProfileConfigConfiguresWhatWebXmlLeavesOpen() throws Exception {
        // web.xml's context-param jwtgate.realm wins over MicroProfile Config's (a JVM-wide source)
        HttpResponse<String> anonymous = get("/api/whoami", null);
        assertEquals(401, anonymous.statusCode());
        assertEquals(java.util.List.of("Bearer realm=\"sample\""), anonymous.headers().allValues("WWW-Authenticate"));
        int ping = get("/api/ping", null).statusCode();
        if (hasMicroProfileConfig()) {
            assertEquals(200, ping, "-Djwtgate.excluded-paths=/api/ping came through MicroProfile Config");
            assertTrue(container.output().contains("takes jwtgate.excluded-paths from MicroProfile Config"), container.tail());
        } else {
            assertEquals(401, ping, "no MicroProfile Config here: the system property is not a jwtgate source");
        }
    }

    @Test
    void microProfileConfigGivesStepUpPerPathWhereWebXmlSetsNone() throws Exception {
        String plain = demoToken("acme");
        String fresh = demoToken("acme", "&acr=" + MFA + "&auth_time=" + java.time.Instant.now().getEpochSecond());
        HttpResponse<String> me = get("/api/rest/me", plain);
        assertEquals(200, get("/api/rest/me", fresh).statusCode());
        if (hasMicroProfileConfig()) {
            assertEquals(401, me.statusCode(), me.body() + "\n" + container.tail());
            assertEquals(java.util.List.of("Bearer realm=\"sample\", error=\"insufficient_user_authentication\", "
                    + "error_description=\"A stronger or more recent authentication is required\", acr_values=\"" + MFA
                    + "\", max_age=\"120\""), me.headers().allValues("WWW-Authenticate"));
            assertTrue(logLines("JAX-RS feature parameters from MicroProfile Config").anyMatch(l -> l.contains(
                    "required-acr[/api/rest/me]") && l.contains("max-auth-age[/api/rest/me]")), container.tail());
        } else {
            assertEquals(200, me.statusCode(), "no MicroProfile Config here: the system properties are not a jwtgate source");
        }
        // The filter's web.xml sets required-acr (on /api/stepup/*): MicroProfile Config's forms of it are not read there.
        assertEquals(200, get("/api/whoami", plain).statusCode());
        if (hasMicroProfileConfig()) {
            assertEquals(java.util.List.of(false), logLines("filter 'jwtgate' takes").map(l -> l.contains("required-acr")).toList(),
                    container.tail());
        }
    }

    private java.util.stream.Stream<String> logLines(String containing) throws java.io.IOException {
        return container.output().lines().filter(l -> l.contains(containing));
    }
}
