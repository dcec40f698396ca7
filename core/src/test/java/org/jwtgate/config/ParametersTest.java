package org.jwtgate.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ParametersTest {
    private static final Placeholders NO_ENV = new Placeholders(n -> null, n -> null);

    private static Map<String, String> minimal() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("issuers", "https://idp.example.com/realms/a");
        m.put("audiences", "api");
        return m;
    }

    private static GateConfig parse(Map<String, String> m) {
        return Parameters.parse(m, NO_ENV).build();
    }

    private static ConfigException failure(Map<String, String> m) {
        return assertThrows(ConfigException.class, () -> parse(m));
    }

    @Test
    void defaultsAreSecure() {
        GateConfig c = parse(minimal());
        assertTrue(c.enabled());
        assertEquals(GateConfig.DEFAULT_ALGORITHMS, c.algorithms());
        assertEquals(16 * 1024, c.maxTokenLength());
        assertEquals(Duration.ofSeconds(60), c.clockSkew());
        assertEquals(Duration.ofSeconds(2), c.jwksConnectTimeout());
        assertEquals(Duration.ofSeconds(2), c.jwksReadTimeout());
        assertEquals(Duration.ofSeconds(30), c.jwksRefreshInterval());
        assertFalse(c.queryParameter());
        assertFalse(c.formParameter());
        assertFalse(c.jwksAllowHttp());
        assertFalse(c.jwksAllowCrossOrigin());
        assertEquals(Optional.empty(), c.cookieName());
        assertEquals(Mode.REQUIRED, c.mode());
        assertEquals("sub", c.principalClaim());
        assertEquals(List.of("groups"), c.roleClaims());
    }

    @Test
    void everyParameterInTheTableHasAParserAndADefault() {
        assertEquals(Parameters.all().size(), Parameters.names().size());
        Parameters.all().values().forEach(p -> {
            assertFalse(p.defaultValue().isBlank(), p.name());
            assertFalse(p.description().isBlank(), p.name());
        });
    }

    @Test
    void unknownParameterStopsStartupNamingIt() {
        Map<String, String> m = minimal();
        m.put("audience", "api");
        ConfigException e = failure(m);
        assertEquals("audience", e.parameter());
        assertTrue(e.getMessage().contains("'audience'"), e.getMessage());
        assertTrue(e.getMessage().contains("unknown parameter"), e.getMessage());
    }

    @Test
    void misspelledBooleanStopsStartupNamingParameterAndValue() {
        Map<String, String> m = minimal();
        m.put("enabled", "ture");
        ConfigException e = failure(m);
        assertEquals("enabled", e.parameter());
        assertTrue(e.getMessage().contains("'ture'") && e.getMessage().contains("true or false"), e.getMessage());
        m.put("enabled", "TRUE");
        assertEquals("enabled", failure(m).parameter());
        m.put("enabled", "yes");
        assertEquals("enabled", failure(m).parameter());
    }

    @Test
    void plainHttpToANonLoopbackHostStopsStartup() {
        Map<String, String> m = minimal();
        m.put("issuers", "http://idp.example.com");
        ConfigException e = failure(m);
        assertEquals("issuers", e.parameter());
        assertTrue(e.getMessage().contains("http://idp.example.com") && e.getMessage().contains("jwks-allow-http"),
                e.getMessage());
        m.put("issuers", "https://idp.example.com|http://keys.example.com/jwks");
        assertEquals("issuers", failure(m).parameter());
    }

    @Test
    void plainHttpIsAcceptedForLoopbackOrWithTheExplicitOptOut() {
        Map<String, String> m = minimal();
        m.put("issuers", "http://127.0.0.1:8080/realms/a, http://localhost:9/x|http://[::1]:9/jwks");
        assertEquals(2, parse(m).issuers().size());
        m.put("issuers", "http://idp.example.com");
        m.put("jwks-allow-http", "true");
        assertEquals("http://idp.example.com", parse(m).issuers().get(0).issuer());
    }

    @Test
    void issuersListMixesDiscoveredAndExplicitJwksUris() {
        Map<String, String> m = minimal();
        m.put("issuers", "https://a.example/realms/x\n  https://b.example/ | https://b.example/keys.json ,https://c.example");
        List<IssuerConfig> issuers = parse(m).issuers();
        assertEquals(3, issuers.size());
        assertEquals(IssuerConfig.discovered("https://a.example/realms/x"), issuers.get(0));
        assertEquals(URI.create("https://a.example/realms/x/.well-known/openid-configuration"), issuers.get(0).discoveryUri());
        assertEquals(IssuerConfig.withJwks("https://b.example/", "https://b.example/keys.json"), issuers.get(1));
        assertEquals(URI.create("https://b.example/.well-known/openid-configuration"), issuers.get(1).discoveryUri());
    }

    @Test
    void requiredValuesAreRequired() {
        Map<String, String> m = minimal();
        m.remove("issuers");
        assertEquals("issuers", failure(m).parameter());
        m = minimal();
        m.remove("audiences");
        assertEquals("audiences", failure(m).parameter());
    }

    @Test
    void hmacAndNoneCanNeverBeAllowed() {
        Map<String, String> m = minimal();
        m.put("algorithms", "RS256 HS256");
        ConfigException e = failure(m);
        assertEquals("algorithms", e.parameter());
        assertTrue(e.getMessage().contains("HMAC"), e.getMessage());
        m.put("algorithms", "none");
        assertEquals("algorithms", failure(m).parameter());
        m.put("algorithms", "ES256, EdDSA");
        assertEquals(Set.of("ES256", "EdDSA"), parse(m).algorithms());
    }

    @Test
    void durationsAndSizesAcceptUnitsAndRejectNonsense() {
        Map<String, String> m = minimal();
        m.put("clock-skew", "90s");
        m.put("jwks-connect-timeout", "500ms");
        m.put("jwks-read-timeout", "PT3S");
        m.put("jwks-max-ttl", "2h");
        m.put("jwks-max-staleness", "1d");
        m.put("max-token-length", "8KiB");
        m.put("jwks-max-response-size", "1MiB");
        GateConfig c = parse(m);
        assertEquals(Duration.ofSeconds(90), c.clockSkew());
        assertEquals(Duration.ofMillis(500), c.jwksConnectTimeout());
        assertEquals(Duration.ofSeconds(3), c.jwksReadTimeout());
        assertEquals(Duration.ofHours(2), c.jwksMaxTtl());
        assertEquals(Duration.ofDays(1), c.jwksMaxStaleness());
        assertEquals(8192, c.maxTokenLength());
        assertEquals(1024 * 1024, c.jwksMaxResponseBytes());

        m.put("clock-skew", "60");
        ConfigException e = failure(m);
        assertEquals("clock-skew", e.parameter());
        assertTrue(e.getMessage().contains("'60'"), e.getMessage());
        m.put("clock-skew", "1h");
        assertTrue(failure(m).getMessage().contains("out of range"));
        m.put("clock-skew", "60s");
        m.put("max-token-length", "lots");
        assertEquals("max-token-length", failure(m).parameter());
    }

    @Test
    void ttlBoundsMustBeConsistent() {
        Map<String, String> m = minimal();
        m.put("jwks-min-ttl", "10m");
        m.put("jwks-max-ttl", "5m");
        assertEquals("jwks-max-ttl", failure(m).parameter());
    }

    @Test
    void modeAndPathsAreChecked() {
        Map<String, String> m = minimal();
        m.put("mode", "optional");
        m.put("protected-paths", "/api/* /admin");
        m.put("excluded-paths", "/api/health, *.css");
        GateConfig c = parse(m);
        assertEquals(Mode.OPTIONAL, c.mode());
        assertEquals(List.of("/api/*", "/admin"), c.protectedPaths());
        m.put("mode", "Optional");
        assertEquals("mode", failure(m).parameter());
        m.put("mode", "optional");
        m.put("protected-paths", "api/*");
        assertEquals("protected-paths", failure(m).parameter());
    }

    @Test
    void aBareSlashIsRefusedAsAmbiguousNamingTheWildcard() {
        for (String parameter : List.of("protected-paths", "excluded-paths")) {
            Map<String, String> m = minimal();
            m.put(parameter, "/api/* /");
            ConfigException e = failure(m);
            assertEquals(parameter, e.parameter());
            assertTrue(e.getMessage().contains("write '/*' for every path"), e.getMessage());
        }
    }

    @Test
    void pathPatternsThatCanNeverMatchANormalisedPathAreRefused() {
        for (String pattern : List.of("/api//orders", "/api/./orders", "/api/../admin", "/api/..", "/api/./*", "//*")) {
            Map<String, String> m = minimal();
            m.put("protected-paths", pattern);
            assertTrue(failure(m).getMessage().contains("never matches"), pattern);
        }
        Map<String, String> m = minimal();
        m.put("protected-paths", "/* /exact /api/ /prefix/* *.ext /a.b/c..d/*");
        assertEquals(List.of("/*", "/exact", "/api/", "/prefix/*", "*.ext", "/a.b/c..d/*"), parse(m).protectedPaths());
    }

    @Test
    void placeholdersResolveFromEnvironmentAndSystemPropertiesWithDefaults() {
        Placeholders p = new Placeholders(n -> n.equals("IDP") ? "https://idp.example.com" : null,
                n -> n.equals("aud") ? "orders" : null);
        Map<String, String> m = new LinkedHashMap<>();
        m.put("issuers", "${env:IDP}/realms/${env:REALM:demo}");
        m.put("audiences", "${sys:aud} ${sys:other:fallback}");
        GateConfig c = Parameters.parse(m, p).build();
        assertEquals("https://idp.example.com/realms/demo", c.issuers().get(0).issuer());
        assertEquals(Set.of("orders", "fallback"), c.audiences());
    }

    @Test
    void missingPlaceholderWithoutDefaultNamesParameterAndVariable() {
        Map<String, String> m = minimal();
        m.put("audiences", "${env:JWTGATE_TEST_UNSET}");
        ConfigException e = failure(m);
        assertEquals("audiences", e.parameter());
        assertTrue(e.getMessage().contains("JWTGATE_TEST_UNSET"), e.getMessage());
        m.put("audiences", "${bogus:X}");
        assertEquals("audiences", failure(m).parameter());
    }

    @Test
    void secretValuesAreNeverEchoed() {
        Map<String, String> m = minimal();
        m.put("jwks-authorization", "Basic s3cr3t\u0001");
        ConfigException e = failure(m);
        assertEquals("jwks-authorization", e.parameter());
        assertFalse(e.getMessage().contains("s3cr3t"), e.getMessage());
    }

    @Test
    void blankValuesKeepTheDefault() {
        Map<String, String> m = minimal();
        m.put("clock-skew", "  ");
        assertEquals(Duration.ofSeconds(60), parse(m).clockSkew());
    }

    @Test
    void loopbackIsRecognisedByNameOnly() {
        assertTrue(HttpsPolicy.isLoopbackHost("127.0.0.1"));
        assertTrue(HttpsPolicy.isLoopbackHost("127.1.2.3"));
        assertTrue(HttpsPolicy.isLoopbackHost("[::1]"));
        assertTrue(HttpsPolicy.isLoopbackHost("LOCALHOST"));
        assertFalse(HttpsPolicy.isLoopbackHost("127.0.0.1.evil.com"));
        assertFalse(HttpsPolicy.isLoopbackHost("localhost.evil.com"));
        assertFalse(HttpsPolicy.isLoopbackHost("10.0.0.1"));
        assertFalse(HttpsPolicy.isLoopbackHost("127.0.0.256"));
    }

    @Test
    void pathPolicyFollowsServletPatterns() {
        GateConfig c = GateConfig.builder().issuer("https://i.example", "https://i.example/jwks").audiences("a")
                .protectedPaths(List.of("/api/*", "/admin", "*.secret")).excludedPaths(List.of("/api/health")).build();
        PathPolicy p = new PathPolicy(c);
        assertTrue(p.isProtected("/api"));
        assertTrue(p.isProtected("/api/orders/1"));
        assertTrue(p.isProtected("/admin"));
        assertTrue(p.isProtected("/files/x.secret"));
        assertFalse(p.isProtected("/api/health"));
        assertFalse(p.isProtected("/apix"));
        assertFalse(p.isProtected("/admin/x"));
        assertFalse(p.isProtected("/"));
    }

    @Test
    void eachIssuersCredentialIsItsOwnParameterWithPlaceholders() {
        Placeholders env = new Placeholders(n -> n.equals("IDCS_JWKS_AUTH") ? "Basic aWRjczpzM2NyM3Q=" : null, n -> null);
        Map<String, String> m = minimal();
        m.put("issuers", "https://idp.example.com/realms/a https://identity.example.com/|https://tenant.identity.example.com/jwk");
        m.put("jwks-authorization[https://identity.example.com/]", "${env:IDCS_JWKS_AUTH}");
        m.put("jwks-allow-cross-origin", "true");
        GateConfig c = Parameters.parse(m, env).build();
        assertEquals(Optional.of("Basic aWRjczpzM2NyM3Q="), c.jwksAuthorization("https://identity.example.com/"));
        assertEquals(Optional.empty(), c.jwksAuthorization("https://idp.example.com/realms/a"));
        assertTrue(c.jwksAllowCrossOrigin());
        assertFalse(c.toString().contains("aWRjczpzM2NyM3Q"), c.toString());
        m.put("jwks-allow-cross-origin", "yes");
        assertEquals("jwks-allow-cross-origin",
                assertThrows(ConfigException.class, () -> Parameters.parse(m, env).build()).parameter());
    }

    @Test
    void oneCredentialForSeveralIssuersStopsStartupSayingWhatToWrite() {
        Map<String, String> m = minimal();
        m.put("issuers", "https://idp.example.com/realms/a https://idp.example.com/realms/b");
        m.put("jwks-authorization", "Basic aWRjczpzM2NyM3Q=");
        ConfigException e = failure(m);
        assertEquals("jwks-authorization", e.parameter());
        assertTrue(e.getMessage().contains("jwks-authorization[https://idp.example.com/realms/a]"), e.getMessage());
        assertFalse(e.getMessage().contains("aWRjczpzM2NyM3Q"), e.getMessage());
        m.put("issuers", "https://idp.example.com/realms/a");
        assertEquals(Optional.of("Basic aWRjczpzM2NyM3Q="), parse(m).jwksAuthorization("https://idp.example.com/realms/a"));
    }

    @Test
    void credentialForAnIssuerNotConfiguredStopsStartupWithoutShowingIt() {
        Map<String, String> m = minimal();
        m.put("jwks-authorization[https://idp.example.com/realms/a/]", "Basic aWRjczpzM2NyM3Q=");
        ConfigException e = failure(m);
        assertEquals("jwks-authorization[https://idp.example.com/realms/a/]", e.parameter());
        assertTrue(e.getMessage().contains("not a configured issuer") && e.getMessage().contains("https://idp.example.com/realms/a)"),
                e.getMessage());
        assertFalse(e.getMessage().contains("aWRjczpzM2NyM3Q"), e.getMessage());

        m = minimal();
        m.put("jwks-authorization[https://idp.example.com/realms/a]", "Basic aWRjczpzM2NyM3Q=\u0001");
        e = failure(m);
        assertEquals("jwks-authorization[https://idp.example.com/realms/a]", e.parameter());
        assertFalse(e.getMessage().contains("aWRjczpzM2NyM3Q"), e.getMessage());

        m = minimal();
        m.put("jwks-authorization", "Basic aWRjczpzM2NyM3Q=");
        m.put("jwks-authorization[https://idp.example.com/realms/a]", "Basic b3RoZXI=");
        e = failure(m);
        assertEquals("jwks-authorization[https://idp.example.com/realms/a]", e.parameter());
        assertFalse(e.getMessage().contains("aWRjczpzM2NyM3Q") || e.getMessage().contains("b3RoZXI"), e.getMessage());
    }
}
