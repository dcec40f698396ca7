package org.jwtgate.jwks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jose4j.http.SimpleGet;
import org.jwtgate.GateFixture;
import org.jwtgate.LogCapture;
import org.jwtgate.Outcome;
import org.jwtgate.config.GateConfig;
import org.jwtgate.testing.LocalIssuer;
import org.jwtgate.testing.TestKeys;
import org.junit.jupiter.api.Test;

/**
 * A {@code jwks_uri} found through discovery is remote input: it must be on the issuer's own origin
 * unless {@code jwks-allow-cross-origin=true}, obeys the https/loopback/{@code jwks-allow-http} rule of
 * a configured URI, and a refused one is never fetched (the issuer's tokens get 503, a WARNING names
 * the issuer and the parameter). Real HTTP against local issuers.
 */
class DiscoveredJwksUriTest {
    private static final String SECRET_A = "Bearer c3RhdGljLWp3a3MtY3JlZGVudGlhbA";

    /** Timeouts long enough that a loaded machine cannot turn a fetch into a failure for the wrong reason. */
    private static GateConfig.Builder patient(GateConfig.Builder c) {
        return c.jwksConnectTimeout(Duration.ofSeconds(5)).jwksReadTimeout(Duration.ofSeconds(5));
    }

    private static void assertAccepted(Outcome o) {
        assertInstanceOf(Outcome.Authenticated.class, o, () -> "expected acceptance, got " + o);
    }

    @Test
    void discoveredJwksUriOnAnotherOriginIsNeverFetched() {
        // Both servers are http://127.0.0.1 on different ports: loopback, but not the issuer's origin.
        try (LocalIssuer other = LocalIssuer.start()) {
            LocalIssuer a = LocalIssuer.start("realms/a", TestKeys.rsa());
            a.requireAuthorization(SECRET_A);
            a.discoveryJwksUri(other.jwksUri());
            try (LogCapture log = new LogCapture();
                    GateFixture f = GateFixture.discovering(a, c -> patient(c).jwksAuthorization(SECRET_A))) {
                assertEquals(Outcome.KEYS_UNAVAILABLE, f.validate(f.minter().sign()));
                f.advance(Duration.ofSeconds(31)); // a retry after the refresh interval asks discovery again
                assertEquals(Outcome.KEYS_UNAVAILABLE, f.validate(f.minter().sign()));

                assertEquals(0, other.requests(), "no request reaches the refused origin");
                assertEquals(2, a.discoveryRequests());
                assertEquals(0, a.jwksRequests());
                String warning = log.lines().stream().filter(l -> l.startsWith("WARNING")).findFirst().orElse("");
                assertTrue(warning.contains("issuer " + a.issuer()) && warning.contains("jwks-allow-cross-origin=true")
                        && warning.contains("another origin"), log.all());
                assertFalse(log.all().contains("c3RhdGljLWp3a3MtY3JlZGVudGlhbA"), log.all());
            }
        }
    }

    @Test
    void withCrossOriginAllowedTheDiscoveredJwksIsFetchedWithoutTheIssuersCredential() {
        LocalIssuer a = LocalIssuer.start("realms/a", TestKeys.rsa());
        try (LocalIssuer keys = LocalIssuer.start(a.currentKey())) {
            a.requireAuthorization(SECRET_A);
            a.discoveryJwksUri(keys.jwksUri());
            try (GateFixture f = GateFixture.discovering(a, c -> patient(c).jwksAuthorization(SECRET_A).jwksAllowCrossOrigin(true))) {
                assertAccepted(f.validate(f.minter().sign()));
                assertEquals(List.of(SECRET_A), a.authorizationsReceived(), "A's discovery carries A's credential");
                assertEquals(1, keys.jwksRequests());
                assertEquals(List.of(), keys.authorizationsReceived(), "the other origin never receives it");
            }
        }
    }

    @Test
    void sameOriginDiscoveryGetsTheCredentialOnBothRequests() {
        LocalIssuer a = LocalIssuer.start("realms/a", TestKeys.rsa());
        a.requireAuthorization(SECRET_A);
        try (GateFixture f = GateFixture.discovering(a, c -> patient(c).jwksAuthorization(SECRET_A))) {
            assertAccepted(f.validate(f.minter().sign()));
            assertEquals(List.of(SECRET_A, SECRET_A), a.authorizationsReceived());
            assertEquals(a.jwksUri(), f.gate.keySets().get(0).getLocation());
        }
    }

    @Test
    void discoveredPlainHttpToANonLoopbackHostIsRefusedEvenAcrossOriginsAllowed() throws Exception {
        try (LocalIssuer a = LocalIssuer.start("realms/a", TestKeys.rsa()); LogCapture log = new LogCapture()) {
            a.discoveryJwksUri("http://keys.example.invalid/jwks");
            GateConfig config = GateConfig.builder().issuer(a.issuer()).audiences("api").jwksAllowCrossOrigin(true).build();
            List<String> fetched = new CopyOnWriteArrayList<>();
            BoundedGet http = new BoundedGet(Duration.ofSeconds(2), Duration.ofSeconds(2), 1 << 20, Optional.empty(),
                    Optional.empty());
            SimpleGet recording = location -> {
                fetched.add(location);
                return http.get(location);
            };
            ResilientHttpsJwks keys = new ResilientHttpsJwks(config.issuers().get(0), config, recording);
            assertThrows(KeysUnavailableException.class, keys::getJsonWebKeys);
            assertEquals(List.of(a.discoveryUri()), fetched, "the refused URI is never fetched");
            assertTrue(log.all().contains("over http:// to a non-loopback host") && log.all().contains("jwks-allow-http=true")
                    && log.all().contains("issuer " + a.issuer()), log.all());
        }
    }

    @Test
    void discoveredJwksUriThatIsNoHttpUrlIsRefused() {
        for (String uri : List.of("file:///etc/passwd", "/jwks", "jar:http://127.0.0.1/x!/y", "http://127.1/jwks")) {
            LocalIssuer a = LocalIssuer.start("realms/a", TestKeys.rsa());
            a.discoveryJwksUri(uri);
            try (LogCapture log = new LogCapture();
                    GateFixture f = GateFixture.discovering(a, c -> patient(c).jwksAllowCrossOrigin(true).jwksAllowHttp(true))) {
                assertEquals(Outcome.KEYS_UNAVAILABLE, f.validate(f.minter().sign()), uri);
                assertEquals(0, a.jwksRequests(), uri);
                assertTrue(log.all().contains("jwks_uri"), log.all());
            }
        }
    }
}
