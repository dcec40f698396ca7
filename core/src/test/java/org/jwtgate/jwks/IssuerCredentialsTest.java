package org.jwtgate.jwks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.jwtgate.GateFixture;
import org.jwtgate.LogCapture;
import org.jwtgate.Outcome;
import org.jwtgate.config.ConfigException;
import org.jwtgate.config.GateConfig;
import org.jwtgate.config.IssuerConfig;
import org.jwtgate.testing.LocalIssuer;
import org.jwtgate.testing.TestKeys;
import org.junit.jupiter.api.Test;

/**
 * A static JWKS credential (Oracle IDCS style) reaches only the origin it was configured for: its own
 * issuer's key endpoints, never another issuer's server, never a redirect target. Real HTTP against
 * two local issuers that record the {@code Authorization} headers they receive.
 */
class IssuerCredentialsTest {
    private static final String SECRET_A = "Basic aXNzdWVyLWE6czNjcjN0";

    /** Timeouts long enough that a loaded machine cannot turn a fetch into a failure for the wrong reason. */
    private static GateConfig.Builder patient(GateConfig.Builder c) {
        return c.jwksConnectTimeout(Duration.ofSeconds(5)).jwksReadTimeout(Duration.ofSeconds(5));
    }

    private static void assertAccepted(Outcome o) {
        assertInstanceOf(Outcome.Authenticated.class, o, () -> "expected acceptance, got " + o);
    }

    private static String tokenOf(LocalIssuer issuer, GateFixture f) {
        return issuer.minter().audience(GateFixture.AUDIENCE).subject("bob").clock(f.clock).sign();
    }

    @Test
    void credentialOfOneIssuerNeverReachesAnotherIssuersServer() {
        LocalIssuer a = LocalIssuer.start("realms/a", TestKeys.rsa());
        a.requireAuthorization(SECRET_A);
        try (LocalIssuer b = LocalIssuer.start("realms/b", TestKeys.ec("P-256"));
                LogCapture log = new LogCapture();
                GateFixture f = GateFixture.configured(a, c -> patient(c).issuer(a.issuer()).issuer(b.issuer())
                        .jwksAuthorization(a.issuer(), SECRET_A))) {
            assertAccepted(f.validate(f.minter().sign()));
            assertAccepted(f.validate(tokenOf(b, f)));

            assertEquals(2, a.requests(), "discovery and JWKS of A");
            assertEquals(List.of(SECRET_A, SECRET_A), a.authorizationsReceived());
            assertEquals(2, b.requests(), "discovery and JWKS of B");
            assertEquals(List.of(), b.authorizationsReceived(), "B's server never receives A's credential");
            assertFalse(log.all().contains("aXNzdWVyLWE6czNjcjN0"), log.all());
        }
    }

    @Test
    void credentialForOneIssuerIsRefusedWhenSeveralIssuersAreConfigured() {
        GateConfig.Builder b = GateConfig.builder().issuer("https://a.example", "https://a.example/jwks")
                .issuer("https://b.example").audiences("api").jwksAuthorization(SECRET_A);
        ConfigException e = assertThrows(ConfigException.class, b::build);
        assertEquals("jwks-authorization", e.parameter());
        assertTrue(e.getMessage().contains("jwks-authorization[ISSUER]")
                && e.getMessage().contains("jwks-authorization[https://a.example]"), e.getMessage());
        assertFalse(e.getMessage().contains("aXNzdWVyLWE6czNjcjN0"), e.getMessage());
    }

    @Test
    void singleIssuerCredentialStillReachesItsConfiguredJwksOnAnotherHost() {
        // Oracle IDCS shape: the issuer is one host, the protected JWKS another; the credential follows the JWKS URI.
        try (LocalIssuer keys = LocalIssuer.start("admin/v1", TestKeys.rsa())) {
            keys.requireAuthorization(SECRET_A);
            LocalIssuer idp = LocalIssuer.start("", keys.currentKey());
            try (GateFixture f = GateFixture.configured(idp, c -> patient(c).issuer(idp.issuer(), keys.jwksUri())
                    .jwksAuthorization(SECRET_A))) {
                assertAccepted(f.validate(f.minter().sign()));
                assertEquals(List.of(SECRET_A), keys.authorizationsReceived());
                assertEquals(0, idp.requests());
            }
        }
    }

    @Test
    void credentialIsNotSentWhenTheJwksRedirects() {
        try (LocalIssuer elsewhere = LocalIssuer.start()) {
            LocalIssuer a = LocalIssuer.start();
            a.requireAuthorization(SECRET_A);
            a.redirectJwks(elsewhere.jwksUri());
            try (LogCapture log = new LogCapture();
                    GateFixture f = GateFixture.withIssuer(a, c -> patient(c).jwksAuthorization(SECRET_A))) {
                assertEquals(Outcome.KEYS_UNAVAILABLE, f.validate(f.minter().sign()));
                assertEquals(List.of(SECRET_A), a.authorizationsReceived());
                assertEquals(0, elsewhere.requests(), "redirects are never followed");
                assertTrue(log.all().contains("answered HTTP 302"), log.all());
            }
        }
    }

    @Test
    void credentialIsBoundToTheOriginOfTheIssuersKeys() {
        GateConfig config = GateConfig.builder().issuer("https://idp.example/realms/a")
                .issuer("https://idcs.example/", "https://tenant1.idcs.example:8443/admin/v1/SigningCert/jwk")
                .audiences("api").jwksAuthorization("https://idcs.example/", SECRET_A).build();
        IssuerConfig discovered = config.issuers().get(0);
        IssuerConfig idcs = config.issuers().get(1);
        assertEquals(Optional.empty(), JwksCredential.of(discovered, config));
        JwksCredential c = JwksCredential.of(idcs, config).orElseThrow();
        assertEquals(Origin.of(URI.create("https://TENANT1.idcs.example:8443/")), Optional.of(c.origin()));
        assertTrue(c.isFor(Origin.of(URI.create("https://tenant1.idcs.example:8443/other"))));
        assertFalse(c.isFor(Origin.of(URI.create("https://tenant1.idcs.example/admin/v1/SigningCert/jwk"))));
        assertFalse(c.isFor(Origin.of(URI.create("http://tenant1.idcs.example:8443/admin/v1/SigningCert/jwk"))));
        assertFalse(c.isFor(Origin.of(URI.create("https://idcs.example/"))));
        assertFalse(c.toString().contains("aXNzdWVyLWE6czNjcjN0"), c.toString());
        assertFalse(config.toString().contains("aXNzdWVyLWE6czNjcjN0"), config.toString());
    }

    @Test
    void originsCompareSchemeHostAndPortWithDefaultPorts() {
        assertEquals(Origin.of(URI.create("https://a.example")), Origin.of(URI.create("HTTPS://A.Example:443/x?y")));
        assertEquals(Origin.of(URI.create("http://127.0.0.1/")), Origin.of(URI.create("http://127.0.0.1:80/jwks")));
        assertFalse(Origin.of(URI.create("http://127.0.0.1:8080/")).equals(Origin.of(URI.create("http://127.0.0.1:8081/"))));
        assertFalse(Origin.of(URI.create("https://a.example/")).equals(Origin.of(URI.create("http://a.example:443/"))));
        assertEquals(Optional.empty(), Origin.of(URI.create("ftp://a.example/")));
        assertEquals(Optional.empty(), Origin.of(URI.create("/relative")));
    }
}
