package org.jwtgate.jwks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jwtgate.Decision;
import org.jwtgate.GateFixture;
import org.jwtgate.LogCapture;
import org.jwtgate.Outcome;
import org.jwtgate.TestRequest;
import org.jwtgate.config.GateConfig;
import org.jwtgate.error.Reason;
import org.jwtgate.testing.LocalIssuer;
import org.jwtgate.testing.MutableClock;
import org.jwtgate.testing.TestKeys;
import org.junit.jupiter.api.Test;

class KeySetResilienceTest {
    private static final Duration INTERVAL = Duration.ofSeconds(30);

    private static void assertAccepted(GateFixture f, String token) {
        Outcome o = f.validate(token);
        assertInstanceOf(Outcome.Authenticated.class, o, () -> "expected acceptance, got " + o);
    }

    @Test
    void thousandUnknownKidsInOneIntervalCauseExactlyOneFetch() {
        try (GateFixture f = GateFixture.start()) {
            assertAccepted(f, f.minter().sign());
            assertEquals(1, f.issuer.jwksRequests());
            f.advance(INTERVAL.plusSeconds(1));
            for (int i = 0; i < 1000; i++) {
                assertEquals(Outcome.rejected(Reason.UNKNOWN_KEY), f.validate(f.minter().kid(UUID.randomUUID().toString()).sign()));
            }
            assertEquals(2, f.issuer.jwksRequests());
            f.advance(INTERVAL);
            f.validate(f.minter().kid("another-unknown").sign());
            assertEquals(3, f.issuer.jwksRequests(), "one more fetch once the interval has passed");
        }
    }

    @Test
    void heldKeysSettleATokenOnlyWhileAskingForKeysWouldFetchNothing() throws Exception {
        MutableClock clock = MutableClock.startingNow();
        try (LocalIssuer issuer = LocalIssuer.start()) {
            GateConfig config = GateConfig.builder().issuer(issuer.issuer(), issuer.jwksUri()).audiences("api").clock(clock)
                    .jwksMaxStaleness(Duration.ofHours(1)).build();
            ResilientHttpsJwks keys = new ResilientHttpsJwks(config.issuers().get(0), config, new BoundedGet(
                    Duration.ofSeconds(2), Duration.ofSeconds(2), 1 << 20, Optional.empty(), Optional.empty()));
            assertEquals(Optional.empty(), kids(keys.settledCandidates("unknown")), "nothing is held before the first fetch");
            String kid = keys.getJsonWebKeys().get(0).getKeyId();
            assertEquals(Optional.of(List.<String>of()), kids(keys.settledCandidates("unknown")),
                    "fresh keys, a fetch attempted within the interval");
            assertEquals(Optional.of(List.of(kid)), kids(keys.settledCandidates(kid)));
            assertEquals(Optional.of(List.of(kid)), kids(keys.settledCandidates(null)), "without kid: every key");
            clock.advance(INTERVAL);
            assertEquals(Optional.empty(), kids(keys.settledCandidates("unknown")), "a refresh on a miss is allowed again");
            assertEquals(Optional.empty(), kids(keys.settledCandidates(null)), "a refresh on a miss is allowed again");
            assertEquals(Optional.of(List.of(kid)), kids(keys.settledCandidates(kid)),
                    "a held kid never refreshes on a miss: its key is the one the issuer publishes under it");
            keys.refresh();
            assertEquals(Optional.of(List.<String>of()), kids(keys.settledCandidates("unknown")));
            clock.advance(Duration.ofMinutes(5)); // the default TTL: the keys held are no longer fresh
            assertEquals(Optional.empty(), kids(keys.settledCandidates("unknown")));
            assertEquals(Optional.empty(), kids(keys.settledCandidates(kid)), "expired keys are fetched again, held kid or not");
            assertEquals(2, issuer.jwksRequests());

            issuer.outage(true);
            keys.getJsonWebKeys(); // the attempt fails; the stale keys keep serving
            assertEquals(3, issuer.jwksRequests());
            assertEquals(Optional.of(List.<String>of()), kids(keys.settledCandidates("unknown")), "stale, failing, retry not due");
            assertEquals(Optional.of(List.of(kid)), kids(keys.settledCandidates(kid)));
            clock.advance(INTERVAL);
            assertEquals(Optional.empty(), kids(keys.settledCandidates(kid)), "the retry is due");
            clock.advance(Duration.ofHours(1)); // past jwks-max-staleness: the resolver would answer 503
            assertThrows(KeysUnavailableException.class, keys::getJsonWebKeys);
            assertEquals(4, issuer.jwksRequests());
            assertEquals(Optional.empty(), kids(keys.settledCandidates(kid)), "failing, retry not due, but the keys are past use");
        }
    }

    private static Optional<List<String>> kids(Optional<List<JsonWebKey>> keys) {
        return keys.map(l -> l.stream().map(JsonWebKey::getKeyId).toList());
    }

    @Test
    void unknownKidRefusedWithoutTheResolverIsRefusedAsTheResolverWould() {
        try (GateFixture f = GateFixture.start()) {
            assertAccepted(f, f.minter().sign());
            PublicJsonWebKey next = TestKeys.rsa();
            assertEquals(Outcome.rejected(Reason.UNKNOWN_KEY), f.validate(f.minter().kid(next.getKeyId()).sign()), "surely lacking");
            f.advance(INTERVAL);
            f.issuer.rotate(next);
            assertAccepted(f, f.minter().sign());
            assertEquals(2, f.issuer.jwksRequests());
            assertEquals(Outcome.rejected(Reason.UNKNOWN_KEY), f.validate(f.minter().kid("another").sign()));
            assertEquals(Outcome.rejected(Reason.EXPIRED), f.validate(f.minter().expiresIn(Duration.ofSeconds(-600)).sign()),
                    "a token under a held kid still reaches every other check");
        }
    }

    @Test
    void unknownKidsOnAColdCacheCauseOnlyTheInitialFetch() {
        try (GateFixture f = GateFixture.start()) {
            for (int i = 0; i < 100; i++) {
                f.validate(f.minter().kid(UUID.randomUUID().toString()).sign());
            }
            assertEquals(1, f.issuer.jwksRequests());
        }
    }

    @Test
    void fiftyConcurrentUnknownKidsCauseOneFetch() throws Exception {
        try (GateFixture f = GateFixture.start()) {
            assertAccepted(f, f.minter().sign());
            f.advance(INTERVAL.plusSeconds(1));
            f.issuer.delay(Duration.ofMillis(300)); // keep the one fetch in flight while the others arrive
            ExecutorService pool = Executors.newFixedThreadPool(50);
            try {
                CountDownLatch go = new CountDownLatch(1);
                List<Future<Outcome>> results = new ArrayList<>();
                for (int i = 0; i < 50; i++) {
                    String token = f.minter().kid("unknown-" + i).sign();
                    results.add(pool.submit(() -> {
                        go.await();
                        return f.validate(token);
                    }));
                }
                go.countDown();
                for (Future<Outcome> r : results) {
                    assertEquals(Outcome.rejected(Reason.UNKNOWN_KEY), r.get(10, TimeUnit.SECONDS));
                }
            } finally {
                pool.shutdownNow();
            }
            assertEquals(2, f.issuer.jwksRequests(), "the initial fetch and exactly one refresh");
        }
    }

    @Test
    void rotatedKeyIsPickedUpOnceTheHeldKeysAreASecondOld() {
        try (GateFixture f = GateFixture.start()) {
            assertAccepted(f, f.minter().sign());
            f.issuer.rotate();
            String rotated = f.minter().sign();
            assertEquals(Outcome.rejected(Reason.UNKNOWN_KEY), f.validate(rotated), "keys fetched just now are as new as a fetch gets");
            f.advance(Duration.ofMillis(ResilientHttpsJwks.JUST_FETCHED_MILLIS - 1));
            assertEquals(Outcome.rejected(Reason.UNKNOWN_KEY), f.validate(rotated));
            assertEquals(1, f.issuer.jwksRequests());
            f.advance(Duration.ofMillis(1));
            assertAccepted(f, rotated);
            assertEquals(2, f.issuer.jwksRequests());
        }
    }

    /**
     * Keycloak serves its JWKS with {@code Cache-Control: no-cache}: keys are fetched again every
     * {@code jwks-min-ttl}. Those fetches must not use up the unknown-kid budget, or a key the realm
     * rotates in is refused for up to the refresh interval (7 s and 8.9 s seen against Keycloak 26.4).
     */
    @Test
    void rotationAtANoCacheIssuerIsPickedUpByTheFirstTokenUnderTheNewKey() {
        try (GateFixture f = GateFixture.start()) {
            f.issuer.cacheControl("no-cache");
            assertAccepted(f, f.minter().sign());
            for (int i = 0; i < 3; i++) { // the scheduled refetches, every jwks-min-ttl
                f.advance(Duration.ofSeconds(30));
                assertAccepted(f, f.minter().sign());
            }
            assertEquals(4, f.issuer.jwksRequests());
            f.advance(Duration.ofSeconds(2)); // the realm rotates 2 s after the last refetch
            f.issuer.rotate();
            assertAccepted(f, f.minter().sign());
            assertEquals(5, f.issuer.jwksRequests(), "one unknown-kid fetch");

            // The unknown-kid budget itself is unchanged: one such fetch per interval, however many kids.
            f.advance(Duration.ofSeconds(2));
            for (int i = 0; i < 200; i++) {
                assertEquals(Outcome.rejected(Reason.UNKNOWN_KEY), f.validate(f.minter().kid("flood-" + i).sign()));
            }
            assertEquals(5, f.issuer.jwksRequests(), "the last unknown-kid fetch was 2 s ago, within the interval");
            f.advance(INTERVAL);
            for (int i = 0; i < 200; i++) {
                f.validate(f.minter().kid("flood2-" + i).sign());
            }
            assertEquals(6, f.issuer.jwksRequests(), "the keys expired: one fetch, which also answers the kids asked just then");
            f.advance(Duration.ofSeconds(1));
            for (int i = 0; i < 200; i++) {
                f.validate(f.minter().kid("flood3-" + i).sign());
            }
            assertEquals(7, f.issuer.jwksRequests(), "one unknown-kid fetch for the whole flood");
        }
    }

    @Test
    void removedKeyStopsWorkingWhenTheCacheExpires() {
        try (GateFixture f = GateFixture.start()) {
            String old = f.minter().sign();
            assertAccepted(f, old);
            f.issuer.rotate();
            f.issuer.removeKey(f.issuer.publishedKeys().get(0).getKeyId());
            assertAccepted(f, old);
            f.advance(Duration.ofMinutes(5)); // default TTL
            assertEquals(Outcome.rejected(Reason.UNKNOWN_KEY), f.validate(old));
            assertAccepted(f, f.minter().sign());
        }
    }

    @Test
    void issuerDownAfterFirstFetchServesCachedKeysUntilMaxStalenessThen503() {
        try (GateFixture f = GateFixture.start(b -> b.jwksMaxStaleness(Duration.ofHours(1)));
                LogCapture log = new LogCapture()) {
            assertAccepted(f, f.minter().sign());
            f.issuer.outage(true);
            f.advance(Duration.ofMinutes(5)); // keys expire (default TTL 5m): a refresh is attempted and fails
            assertAccepted(f, f.minter().sign());
            assertEquals(2, f.issuer.jwksRequests());
            assertTrue(log.all().contains("cannot refresh the keys of issuer " + f.issuer.issuer()), log.all());
            assertTrue(log.all().contains("cached keys keep serving"), log.all());
            for (int i = 0; i < 100; i++) {
                assertAccepted(f, f.minter().sign());
            }
            assertEquals(2, f.issuer.jwksRequests(), "failed refreshes are retried at most once per interval");
            f.advance(Duration.ofMinutes(59));
            assertAccepted(f, f.minter().sign());
            f.advance(Duration.ofMinutes(1));
            assertEquals(Outcome.KEYS_UNAVAILABLE, f.validate(f.minter().sign()));
            Decision d = f.gate.decide("/api", TestRequest.bearer(f.minter().sign()));
            Decision.Respond respond = assertInstanceOf(Decision.Respond.class, d);
            assertEquals(503, respond.response().status());
            assertEquals("30", respond.response().headers().get("Retry-After"));

            f.issuer.outage(false);
            f.advance(INTERVAL);
            assertAccepted(f, f.minter().sign());
            assertTrue(log.all().contains("available again"), log.all());
        }
    }

    @Test
    void issuerDownFromTheStartIs503NotA401() {
        try (LocalIssuer issuer = LocalIssuer.start();
                GateFixture f = GateFixture.withIssuer(issuer, b -> { })) {
            issuer.outage(true);
            assertEquals(Outcome.KEYS_UNAVAILABLE, f.validate(f.minter().sign()));
            assertEquals(Outcome.KEYS_UNAVAILABLE, f.validate(f.minter().kid("whatever").sign()));
            assertEquals(1, issuer.jwksRequests(), "no second attempt inside the interval");
            issuer.outageMode(LocalIssuer.Outage.CONNECTION_CLOSE);
            f.advance(INTERVAL);
            assertEquals(Outcome.KEYS_UNAVAILABLE, f.validate(f.minter().sign()));
            issuer.outage(false);
            f.advance(INTERVAL);
            assertAccepted(f, f.minter().sign());
        }
    }

    @Test
    void cacheControlMaxAgeIsHonouredWithinTheClamp() {
        try (GateFixture f = GateFixture.start()) {
            f.issuer.cacheControl("public, max-age=600");
            assertAccepted(f, f.minter().sign());
            f.advance(Duration.ofSeconds(599));
            assertAccepted(f, f.minter().sign());
            assertEquals(1, f.issuer.jwksRequests());
            f.advance(Duration.ofSeconds(1));
            assertAccepted(f, f.minter().sign());
            assertEquals(2, f.issuer.jwksRequests());

            f.issuer.cacheControl("max-age=1");
            f.advance(Duration.ofSeconds(600));
            assertAccepted(f, f.minter().sign());
            assertEquals(3, f.issuer.jwksRequests());
            f.advance(Duration.ofSeconds(29));
            assertAccepted(f, f.minter().sign());
            assertEquals(3, f.issuer.jwksRequests(), "max-age=1 is clamped up to jwks-min-ttl (30s)");

            f.issuer.cacheControl("max-age=99999999");
            f.advance(Duration.ofSeconds(1));
            assertAccepted(f, f.minter().sign());
            assertEquals(4, f.issuer.jwksRequests());
            f.advance(Duration.ofHours(24));
            assertAccepted(f, f.minter().sign());
            assertEquals(5, f.issuer.jwksRequests(), "huge max-age is clamped down to jwks-max-ttl (24h)");
        }
    }

    @Test
    void backgroundRefreshFetchesAheadOfExpiry() {
        try (GateFixture f = GateFixture.start()) {
            assertAccepted(f, f.minter().sign());
            ResilientHttpsJwks keys = f.gate.keySets().get(0);
            f.advance(Duration.ofMinutes(4));
            f.gate.refreshDue();
            assertEquals(1, f.issuer.jwksRequests(), "not due yet");
            f.advance(Duration.ofSeconds(30)); // 30 s before the 5 min expiry
            f.gate.refreshDue();
            assertEquals(2, f.issuer.jwksRequests());
            assertEquals(2, keys.fetchAttempts());
            f.advance(Duration.ofSeconds(60));
            assertAccepted(f, f.minter().sign());
            assertEquals(2, f.issuer.jwksRequests(), "requests found fresh keys and did not wait on the network");
        }
    }

    @Test
    void keysAreFoundThroughDiscovery() {
        try (LocalIssuer issuer = LocalIssuer.start("realms/demo", TestKeys.rsa());
                GateFixture f = GateFixture.discovering(issuer, b -> { })) {
            assertAccepted(f, f.minter().sign());
            assertAccepted(f, f.minter().sign());
            assertEquals(1, issuer.discoveryRequests());
            assertEquals(1, issuer.jwksRequests());
            assertEquals(issuer.jwksUri(), f.gate.keySets().get(0).getLocation());
        }
    }

    @Test
    void discoveryNamingAnotherIssuerIsRefused() {
        LocalIssuer issuer = LocalIssuer.start("realms/demo", TestKeys.rsa());
        try (LogCapture log = new LogCapture();
                GateFixture f = GateFixture.configured(issuer, b -> b.issuer(issuer.issuer() + "/"))) {
            // configured with a trailing slash; the discovery document names the issuer without one
            String token = f.minter().issuer(f.issuer.issuer() + "/").sign();
            assertEquals(Outcome.KEYS_UNAVAILABLE, f.validate(token));
            assertTrue(log.all().contains("configured as '" + issuer.issuer() + "/' calls itself '" + issuer.issuer() + "'"),
                    log.all());
            assertTrue(log.all().contains("differ only by a trailing slash"), log.all());
            assertEquals(1, f.issuer.discoveryRequests());
            assertEquals(0, f.issuer.jwksRequests());
        }
    }
}
