package org.jwtgate.jaxrs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.glassfish.jersey.servlet.ServletContainer;
import org.jose4j.jwt.JwtClaims;
import org.jwtgate.filter.JwksServlet;
import org.jwtgate.filter.TestServer;
import org.jwtgate.filter.WebXml;
import org.jwtgate.keys.JwksPublisher;
import org.jwtgate.keys.PublisherConfig;
import org.jwtgate.tenant.TenantId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The JAX-RS feature alone (no servlet filter in front) trusts the application's own tenants, published
 * by a JWKS servlet of the same application under a public URL the server cannot reach: their keys are
 * read in process, so their tokens are accepted, and another tenant's are not.
 */
class JerseyInProcessKeysTest {
    private static final String PUBLIC = "https://unreachable.jwtgate.invalid/app";
    private static final String PASSWORD = "in-process-keys-test";

    @TempDir
    Path dir;

    private static String sign(JwksPublisher p, String tenant) {
        JwtClaims c = new JwtClaims();
        c.setSubject("alice");
        c.setAudience("api");
        c.setClaim("client_id", "orders-ui");
        return p.signer().sign(TenantId.of(tenant), c);
    }

    @Test
    void theFeatureReadsItsApplicationsTenantKeysInProcess() throws Exception {
        Path keys = Files.createDirectories(dir.resolve("keys"));
        String acme;
        String globex;
        // The tenants' keys, made before the application starts; its JWKS servlet opens the same files.
        try (JwksPublisher p = JwksPublisher.create(PublisherConfig.builder().managed(keys, PASSWORD)
                .issuer(PUBLIC + "/t/{tenant}").tenants(List.of(TenantId.of("acme"), TenantId.of("globex"))).build())) {
            acme = sign(p, "acme");
            globex = sign(p, "globex");
        }
        try (TestServer server = new TestServer().add("/app", new WebXml()
                .contextParams(Map.of("jwtgate.issuers", PUBLIC + "/t/acme", "jwtgate.audiences", "api"))
                .servlet("jwks", JwksServlet.class, Map.of("key-directory", keys.toString(), "key-password", PASSWORD,
                        "issuer", PUBLIC + "/t/{tenant}", "tenants", "acme globex"), "/t/*")
                .servlet("jaxrs", ServletContainer.class.getName(),
                        Map.of("jakarta.ws.rs.Application", TestApplication.class.getName()), "/api/*"), dir)
                .start()) {
            var ok = TestServer.send(server.request("/app/api/orders").header("Authorization", "Bearer " + acme));
            assertEquals(200, ok.statusCode(), ok.body());
            assertEquals("hello alice", ok.body());
            var other = TestServer.send(server.request("/app/api/orders").header("Authorization", "Bearer " + globex));
            assertEquals(401, other.statusCode(), "globex is not a trusted issuer here");
            assertEquals(401, TestServer.send(server.request("/app/api/orders")).statusCode());
        }
    }
}
