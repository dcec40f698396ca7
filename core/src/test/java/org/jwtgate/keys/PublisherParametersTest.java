package org.jwtgate.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jwtgate.config.ConfigException;
import org.jwtgate.config.Placeholders;
import org.jwtgate.tenant.TenantId;
import org.junit.jupiter.api.Test;

class PublisherParametersTest {
    private static final Placeholders ENV = new Placeholders(n -> n.equals("KEYPASS") ? "s3cret" : null, n -> null);

    private static Map<String, String> minimal() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("key-directory", "/var/lib/jwtgate/keys");
        m.put("key-password", "${env:KEYPASS}");
        m.put("issuer", "https://auth.example.com/t/{tenant}");
        return m;
    }

    private static PublisherConfig parse(Map<String, String> m) {
        return PublisherParameters.parse(m, ENV).build();
    }

    private static ConfigException failure(Map<String, String> m) {
        return assertThrows(ConfigException.class, () -> parse(m));
    }

    @Test
    void defaultsAreSecure() {
        PublisherConfig c = parse(minimal());
        assertEquals(PublisherConfig.Store.MANAGED, c.store());
        assertEquals(Optional.of(Path.of("/var/lib/jwtgate/keys")), c.keyDirectory());
        assertEquals(Optional.of("s3cret"), c.keyPassword());
        assertEquals(KeyType.RSA_2048, c.keyType());
        assertEquals(KidStyle.UUID, c.kidStyle());
        assertEquals(PublisherConfig.TenantFrom.PATH, c.tenantFrom());
        assertFalse(c.autoCreate(), "a GET never creates a tenant by default");
        assertTrue(c.discovery());
        assertTrue(c.cors());
        assertEquals(Duration.ofHours(1), c.maxAge());
        assertEquals(new RotationPolicy(Duration.ofDays(30), Duration.ofDays(1), Duration.ofDays(1)), c.rotation());
        assertEquals(Duration.ofMinutes(15), c.tokenLifetime());
        assertEquals(Duration.ofHours(1), c.tokenLifetimeMax());
        assertEquals("https://auth.example.com/t/acme", c.issuer(TenantId.of("acme")));
        assertEquals("https://auth.example.com/t/acme/oauth2/jwks", c.jwksUri(TenantId.of("acme")));
    }

    @Test
    void everyParameterHasADefaultAndADescription() {
        assertEquals(PublisherParameters.all().size(), PublisherParameters.names().size());
        PublisherParameters.all().values().forEach(p -> {
            assertFalse(p.defaultValue().isBlank(), p.name());
            assertFalse(p.description().isBlank(), p.name());
        });
    }

    @Test
    void parsesEveryChoice() {
        Map<String, String> m = minimal();
        m.put("key-type", "ec-p384");
        m.put("kid-style", "thumbprint");
        m.put("tenant-from", "host");
        m.put("host-domain", "Auth.Example.com");
        m.put("issuer", "https://{tenant}.auth.example.com");
        m.put("tenants", "acme, globex  initech");
        m.put("discovery", "false");
        m.put("cors", "false");
        m.put("max-age", "10m");
        m.put("prepublish-lead", "20m");
        m.put("retirement-grace", "PT2H");
        m.put("rotation-period", "7d");
        m.put("token-lifetime", "5m");
        m.put("jwks-path", "/jwks.json");
        PublisherConfig c = parse(m);
        assertEquals(KeyType.EC_P384, c.keyType());
        assertEquals(KidStyle.THUMBPRINT, c.kidStyle());
        assertEquals(PublisherConfig.TenantFrom.HOST, c.tenantFrom());
        assertEquals(Optional.of("auth.example.com"), c.hostDomain());
        assertEquals(List.of(TenantId.of("acme"), TenantId.of("globex"), TenantId.of("initech")), c.tenants());
        assertEquals("https://acme.auth.example.com/jwks.json", c.jwksUri(TenantId.of("acme")));
        assertEquals(new RotationPolicy(Duration.ofDays(7), Duration.ofMinutes(20), Duration.ofHours(2)), c.rotation());
    }

    @Test
    void unknownParameterAndBadBooleanStopStartupNamingThem() {
        Map<String, String> m = minimal();
        m.put("maxage", "1h");
        ConfigException e = failure(m);
        assertEquals("maxage", e.parameter());
        assertTrue(e.getMessage().contains("unknown parameter"), e.getMessage());
        m.remove("maxage");
        m.put("auto-create", "yes");
        e = failure(m);
        assertEquals("auto-create", e.parameter());
        assertTrue(e.getMessage().contains("'yes'"), e.getMessage());
        m.put("auto-create", "false");
        m.put("key-type", "rsa-1024");
        assertEquals("key-type", failure(m).parameter());
    }

    @Test
    void leadShorterThanTwiceMaxAgeIsRefused() {
        Map<String, String> m = minimal();
        m.put("max-age", "1h");
        m.put("prepublish-lead", "119m");
        ConfigException e = failure(m);
        assertEquals("prepublish-lead", e.parameter());
        assertTrue(e.getMessage().contains("twice max-age (7200s)"), e.getMessage());
        m.put("prepublish-lead", "2h");
        parse(m);
    }

    @Test
    void graceShorterThanLongestTokenPlusMaxAgeIsRefused() {
        Map<String, String> m = minimal();
        m.put("token-lifetime-max", "2h");
        m.put("retirement-grace", "2h");
        ConfigException e = failure(m);
        assertEquals("retirement-grace", e.parameter());
        assertTrue(e.getMessage().contains("token-lifetime-max + max-age (10800s)"), e.getMessage());
    }

    @Test
    void periodMustExceedLeadOrBeZero() {
        Map<String, String> m = minimal();
        m.put("rotation-period", "1d");
        assertEquals("rotation-period", failure(m).parameter());
        m.put("rotation-period", "0s");
        assertTrue(parse(m).rotation().period().isZero());
        m.put("token-lifetime", "2h");
        assertEquals("token-lifetime", failure(m).parameter());
    }

    @Test
    void issuerMustBeAnHttpsTemplateWithTenant() {
        Map<String, String> m = minimal();
        m.remove("issuer");
        assertEquals("issuer", failure(m).parameter());
        for (String bad : List.of("https://auth.example.com/t", "http://auth.example.com/t/{tenant}",
                "https://auth.example.com/t/{tenant}/", "https://a/{tenant}/{tenant}", "https://a.example/{tenant}?x=1",
                "/t/{tenant}")) {
            m.put("issuer", bad);
            assertEquals("issuer", failure(m).parameter(), bad);
        }
        m.put("issuer", "http://127.0.0.1:8080/t/{tenant}");
        parse(m);
    }

    @Test
    void storesNeedTheirLocationAndPasswordAndPasswordsAreNeverShown() {
        Map<String, String> m = minimal();
        m.remove("key-password");
        assertEquals("key-password", failure(m).parameter());
        Map<String, String> k = new LinkedHashMap<>();
        k.put("store", "keystore");
        k.put("issuer", "https://auth.example.com/t/{tenant}");
        assertEquals("keystore-path", failure(k).parameter());
        k.put("keystore-path", "/etc/keys.p12");
        assertEquals("keystore-password", failure(k).parameter());
        k.put("keystore-password", "hunter2");
        k.put("keystore-type", "jks");
        assertEquals("JKS", parse(k).keystoreType());
        k.put("auto-create", "true");
        assertEquals("auto-create", failure(k).parameter());
        k.remove("auto-create");
        k.put("keystore-password", "${nope:x}");
        ConfigException e = failure(k);
        assertEquals("keystore-password", e.parameter());
    }

    @Test
    void hostModeNeedsADomainAndTenantsMustBeValid() {
        Map<String, String> m = minimal();
        m.put("tenant-from", "host");
        assertEquals("host-domain", failure(m).parameter());
        m.put("host-domain", "bad_domain");
        assertEquals("host-domain", failure(m).parameter());
        m.remove("tenant-from");
        m.remove("host-domain");
        m.put("tenants", "acme ../etc");
        ConfigException e = failure(m);
        assertEquals("tenants", e.parameter());
        assertTrue(e.getMessage().contains("'../etc'"), e.getMessage());
        m.remove("tenants");
        m.put("jwks-path", "oauth2/jwks");
        assertEquals("jwks-path", failure(m).parameter());
        m.put("jwks-path", "/.well-known/openid-configuration");
        assertEquals("jwks-path", failure(m).parameter());
        m.put("jwks-path", "/.well-known/oauth-authorization-server");
        assertEquals("jwks-path", failure(m).parameter());
    }

    @Test
    void endpointsForTheMetadataAreUrlsAndGrantTypesNeedTheirEndpoints() {
        Map<String, String> m = minimal();
        m.put("authorization-endpoint", "https://login.example.com/{tenant}/authorize");
        assertEquals("authorization-endpoint", failure(m).parameter(), "without a token endpoint");
        m.put("token-endpoint", "not a url");
        assertEquals("token-endpoint", failure(m).parameter());
        m.put("token-endpoint", "https://login.example.com/{tenant}/token");
        PublisherConfig c = parse(m);
        assertTrue(c.completeOpenIdConfiguration());
        assertEquals(List.of("authorization_code"), c.grantTypes());
        m.put("grant-types", "authorization_code refresh_token");
        assertEquals(List.of("authorization_code", "refresh_token"), parse(m).grantTypes());
        m.put("grant-types", "implicit");
        assertEquals("grant-types", failure(m).parameter());
        m.remove("authorization-endpoint");
        m.put("grant-types", "authorization_code");
        assertEquals("grant-types", failure(m).parameter(), "authorization_code without an authorization endpoint");
        m.remove("token-endpoint");
        m.put("grant-types", "client_credentials");
        assertEquals("grant-types", failure(m).parameter(), "a grant without a token endpoint");
    }
}
