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
 * system property configures what web.xml leaves open ({@code excluded-paths} here); elsewhere it
 * does nothing. A new container kind needs a five-line subclass.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class InProcessKeysContract {
    private static final String PUBLIC_URL = "https://unreachable.example.invalid/sample";

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
                "JAVA_TOOL_OPTIONS", "-Djwtgate.excluded-paths=/api/ping -Djwtgate.realm=from-mp-config"));
        System.out.println(kind() + " started in " + (System.nanoTime() - t0) / 1_000_000 + " ms");
    }

    @AfterAll
    void stop() {
        if (container != null) {
            container.close();
        }
    }

    private String demoToken(String tenant) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(container.uri("/demo/token")).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/x-www-form-urlencoded").header("Accept", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString("tenant=" + tenant + "&subject=alice&roles=staff&scope=orders:read"))
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
}
