package org.jwtgate.tenant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jwtgate.config.ConfigException;
import org.jwtgate.config.GateConfig;
import org.jwtgate.config.Parameters;
import org.jwtgate.config.Placeholders;
import org.jwtgate.token.BearerRequest;
import org.junit.jupiter.api.Test;

/** The tenant parameters, and how each {@link TenantSource} reads a request. */
class TenantParametersTest {
    private static final Placeholders NO_ENV = new Placeholders(n -> null, n -> null);

    private static Map<String, String> tenantBound() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("audiences", "api");
        m.put("tenant-issuer", "https://auth.example.com/t/{tenant}");
        m.put("tenant-source", "path:/api/t/{tenant}/*");
        return m;
    }

    private static GateConfig parse(Map<String, String> m) {
        return Parameters.parse(m, NO_ENV).build();
    }

    private static ConfigException failure(String parameter, Map<String, String> m) {
        ConfigException e = assertThrows(ConfigException.class, () -> parse(m));
        assertEquals(parameter, e.parameter(), e.getMessage());
        return e;
    }

    private static Map<String, String> with(String name, String value) {
        Map<String, String> m = tenantBound();
        m.put(name, value);
        return m;
    }

    @Test
    void aTenantBoundConfigurationNeedsNoIssuersAndHasBoundedDefaults() {
        GateConfig c = parse(tenantBound());
        assertEquals(List.of(), c.issuers());
        assertEquals(Optional.of("https://auth.example.com/t/{tenant}"), c.tenantIssuer());
        assertEquals(Optional.of(new TenantSource.Path("/api/t")), c.tenantSource());
        assertEquals(Set.of(), c.tenants());
        assertEquals(1000, c.tenantCacheSize());
        assertEquals(100, c.tenantLoadLimit());
        assertTrue(c.toString().contains("tenant-source=path:/api/t/{tenant}/*"), c.toString());
        GateConfig listed = parse(with("tenants", "acme, globex"));
        assertEquals(Set.of(TenantId.of("acme"), TenantId.of("globex")), listed.tenants());
    }

    @Test
    void wrongTenantConfigurationStopsDeploymentNamingTheParameter() {
        Map<String, String> noTenantIssuer = tenantBound();
        noTenantIssuer.remove("tenant-issuer");
        noTenantIssuer.put("issuers", "https://idp.example.com");
        failure("tenant-source", noTenantIssuer);
        Map<String, String> noSource = tenantBound();
        noSource.remove("tenant-source");
        failure("tenant-source", noSource);
        Map<String, String> listWithoutIssuer = new LinkedHashMap<>(Map.of("issuers", "https://idp.example.com",
                "audiences", "api", "tenants", "acme"));
        failure("tenants", listWithoutIssuer);
        Map<String, String> neither = new LinkedHashMap<>(Map.of("audiences", "api"));
        assertTrue(failure("issuers", neither).getMessage().contains("tenant-issuer"));

        failure("tenant-issuer", with("tenant-issuer", "https://auth.example.com/t/acme"));
        failure("tenant-issuer", with("tenant-issuer", "https://auth.example.com/{tenant}/{tenant}"));
        failure("tenant-issuer", with("tenant-issuer", "http://auth.example.com/t/{tenant}"));
        failure("tenant-issuer", with("tenant-issuer", "https://auth.example.com/t/{tenant}?x=1"));
        failure("tenant-issuer", with("tenant-issuer", "/t/{tenant}"));
        failure("tenant-jwks-uri", with("tenant-jwks-uri", "https://auth.example.com/keys"));
        failure("tenant-jwks-uri", with("tenant-jwks-uri", "http://auth.example.com/t/{tenant}/jwks"));
        for (String source : List.of("path", "path:/api/t/*", "path:/api/{tenant}", "path:api/t/{tenant}/*",
                "path:/api//t/{tenant}/*", "path:/api/../t/{tenant}/*", "path:/api/%74/{tenant}/*", "path:/a;b/{tenant}/*",
                "path:/api/{tenant}/{tenant}/*", "host:example.com", "HOST", "header:", "header:X Tenant",
                "header:Authorization", "query:tenant")) {
            failure("tenant-source", with("tenant-source", source));
        }
        Map<String, String> hostAndIssuers = with("tenant-source", "host");
        hostAndIssuers.put("issuers", "https://idp.example.com");
        failure("tenant-source", hostAndIssuers);
        failure("tenants", with("tenants", "acme Globex"));
        failure("tenants", with("tenants", "acme a.b"));
        failure("tenant-cache-size", with("tenant-cache-size", "0"));
        failure("tenant-load-limit", with("tenant-load-limit", "-1"));
        assertTrue(failure("jwks-authorization", with("jwks-authorization", "Basic eDp5")).getMessage()
                .contains("get no credential"));
    }

    @Test
    void tenantIssuersMayBeHostBasedOrEndInASlashAndLoopbackMayBeHttp() {
        parse(with("tenant-issuer", "https://{tenant}.auth.example.com/"));
        parse(with("tenant-issuer", "http://127.0.0.1:8080/sample/t/{tenant}"));
        GateConfig c = parse(with("tenant-jwks-uri", "https://keys.example.com/{tenant}/jwks.json"));
        assertEquals(Optional.of("https://keys.example.com/{tenant}/jwks.json"), c.tenantJwksUri());
        Map<String, String> withIssuers = tenantBound();
        withIssuers.put("issuers", "https://idp.example.com");
        assertEquals(1, parse(withIssuers).issuers().size(), "issuers serve the paths outside the tenant routes");
    }

    // --- sources -------------------------------------------------------------------------------

    private record Request(String rawPath, String host, Map<String, List<String>> headerValues) implements TenantRequest {
        @Override
        public List<String> headers(String name) {
            return headerValues.getOrDefault(name, List.of());
        }

        @Override
        public List<String> queryParameters(String name) {
            return List.of();
        }

        @Override
        public List<String> formParameters(String name) {
            return List.of();
        }

        @Override
        public List<String> cookies(String name) {
            return List.of();
        }
    }

    private static Optional<TenantId> fromPath(TenantSource s, String path, String raw) {
        return s.tenant(path, new Request(raw, null, Map.of()));
    }

    @Test
    void aPathSourceReadsTheSegmentAfterItsPrefixOnlyWhenSentExactlySo() {
        TenantSource s = TenantSource.parse("path:/api/t/{tenant}/*");
        assertTrue(s.covers("/api/t") && s.covers("/api/t/") && s.covers("/api/t/acme/x") && s.covers("//api//t//acme"));
        assertFalse(s.covers("/api/tx") || s.covers("/api") || s.covers("/other") || s.covers(null));
        assertEquals(Optional.of(TenantId.of("acme")), fromPath(s, "/api/t/acme", "/api/t/acme"));
        assertEquals(Optional.of(TenantId.of("acme")), fromPath(s, "/api/t/acme/", "/api/t/acme/"));
        assertEquals(Optional.of(TenantId.of("acme")), fromPath(s, "/api/t/acme/orders", "/api/t/acme/orders;v=1"));
        assertEquals(Optional.of(TenantId.of("acme")), fromPath(s, "/api/t/acme/o p", "/api/t/acme/o%20p"));
        assertEquals(Optional.empty(), fromPath(s, "/api/t/acme", "/api/t/acmex"));
        assertEquals(Optional.empty(), fromPath(s, "/api/t/acme", "/api/t/ac%6De"));
        assertEquals(Optional.empty(), fromPath(s, "/api/t/acme", "/API/t/acme"));
        assertEquals(Optional.empty(), fromPath(s, "/api//t/acme", "/api//t/acme"));
        assertEquals(Optional.of(TenantId.of("acme")), fromPath(s, "/api/t/acme//x", "/api/t/acme//x"));
        assertEquals(Optional.empty(), s.tenant("/api/t/acme", (BearerRequest) new Request(null, null, Map.of())));
        TenantSource root = TenantSource.parse("path:/{tenant}/*");
        assertTrue(root.covers("/anything"));
        assertEquals(Optional.of(TenantId.of("acme")), fromPath(root, "/acme/orders", "/acme/orders"));
        assertEquals("path:/{tenant}/*", root.toString());
    }

    @Test
    void hostAndHeaderSourcesTakeTheValueExactly() {
        TenantSource host = TenantSource.parse("host");
        assertEquals(Optional.of(TenantId.of("acme")), host.tenant("/", new Request(null, "acme.example.com", Map.of())));
        assertEquals(Optional.empty(), host.tenant("/", new Request(null, "Acme.example.com", Map.of())));
        assertEquals(Optional.empty(), host.tenant("/", new Request(null, "10.0.0.1", Map.of())));
        TenantSource header = TenantSource.parse("header:X-Tenant");
        assertEquals(Optional.of(TenantId.of("acme")), header.tenant("/", new Request(null, null,
                Map.of("X-Tenant", List.of("acme")))));
        assertEquals(Optional.empty(), header.tenant("/", new Request(null, null, Map.of("X-Tenant", List.of("acme", "acme")))));
        assertEquals(Optional.empty(), header.tenant("/", new Request(null, null, Map.of("X-Tenant", List.of("acme\t")))));
    }
}
