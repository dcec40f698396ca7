package org.jwtgate.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.UUID;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.jwtgate.GateFixture;
import org.jwtgate.LogCapture;
import org.jwtgate.Outcome;
import org.jwtgate.error.Reason;
import org.junit.jupiter.api.Test;

/**
 * Key-set metrics and health as an issuer goes down and comes back, read for real through the platform
 * MBean server and the health report: a real local issuer over HTTP, a controlled clock.
 */
class KeySetObservabilityTest {
    private static final MBeanServer JMX = ManagementFactory.getPlatformMBeanServer();
    private static final Duration INTERVAL = Duration.ofSeconds(30);

    private static ObjectName keySet(String app, String engine, String issuer) throws Exception {
        return new ObjectName("org.jwtgate:type=KeySet,app=" + ObjectName.quote(app) + ",engine=" + ObjectName.quote(engine)
                + ",name=" + ObjectName.quote(issuer));
    }

    private static ObjectName engine(String app, String engine) throws Exception {
        return new ObjectName("org.jwtgate:type=Engine,app=" + ObjectName.quote(app) + ",name=" + ObjectName.quote(engine));
    }

    private static Object read(ObjectName name, String attribute) throws Exception {
        return JMX.getAttribute(name, attribute);
    }

    @Test
    void outageIsDegradedWithGrowingStalenessThenDownAfterMaxStalenessThenUpOnRecovery() throws Exception {
        try (GateFixture f = GateFixture.start(b -> b.jwksMaxStaleness(Duration.ofHours(1)));
                MetricsRegistry.Registration r = MetricsRegistry.register("/outage", "jwtgate", f.gate);
                LogCapture log = new LogCapture()) {
            ObjectName keys = keySet("/outage", "jwtgate", f.issuer.issuer());
            ObjectName gate = engine("/outage", "jwtgate");
            assertEquals("UP", read(keys, "status"), "nothing fetched yet, nothing failed");
            assertEquals(Health.UP, MetricsRegistry.health("/outage").status());

            assertInstanceOf(Outcome.Authenticated.class, f.validate(f.minter().sign()));
            assertEquals(1L, read(keys, "jwks.fetches.ok"));
            assertEquals(1.0, read(keys, "jwks.keys"));
            assertEquals("UP", read(keys, "status"));

            f.issuer.outage(true);
            f.advance(Duration.ofMinutes(5)); // the default TTL: the keys expire
            f.gate.refreshDue();
            assertEquals(1L, read(keys, "jwks.fetches.http_error"));
            assertEquals("DEGRADED", read(keys, "status"));
            assertEquals(Health.DEGRADED, MetricsRegistry.health("/outage").status());
            assertEquals(200, MetricsRegistry.health("/outage").status().httpStatus(), "stale keys still serve");
            double stale = (Double) read(keys, "jwks.stale");
            f.advance(Duration.ofMinutes(10));
            f.gate.refreshDue();
            assertEquals(stale + 600, (Double) read(keys, "jwks.stale"), 1.0, "staleness grows with the outage");
            assertEquals(2L, read(keys, "jwks.fetches.http_error"));
            assertEquals(2L, read(keys, "jwks.refreshes.background"));
            assertInstanceOf(Outcome.Authenticated.class, f.validate(f.minter().subject("bob").sign()), "stale keys serve");

            f.advance(Duration.ofHours(1));
            f.gate.refreshDue();
            assertEquals("DOWN", read(keys, "status"));
            assertEquals(0.0, read(keys, "jwks.keys"), "no usable keys");
            HealthReport down = MetricsRegistry.health("/outage");
            assertEquals(Health.DOWN, down.status());
            assertEquals(503, down.status().httpStatus());
            assertEquals(Outcome.KEYS_UNAVAILABLE, f.validate(f.minter().subject("carol").sign()));
            assertEquals(1L, read(gate, "decisions.keys_unavailable.none"));

            f.issuer.outage(false);
            f.advance(INTERVAL);
            assertInstanceOf(Outcome.Authenticated.class, f.validate(f.minter().subject("dave").sign()));
            assertEquals("UP", read(keys, "status"));
            assertEquals(0.0, read(keys, "jwks.stale"));
            assertEquals(2L, read(keys, "jwks.fetches.ok"));
            assertEquals(3L, read(gate, "decisions.authenticated.none"));
            assertEquals(Health.UP, MetricsRegistry.health("/outage").status());

            long warnings = log.lines().stream().filter(l -> l.startsWith("WARNING") && l.contains("cannot refresh")).count();
            long recoveries = log.lines().stream().filter(l -> l.contains("available again")).count();
            assertEquals(1, warnings, "one WARNING when the outage begins, not one per attempt: " + log.all());
            assertEquals(1, recoveries, "one line when it ends");
        }
    }

    @Test
    void kidFloodShowsRefusedRefreshesAndOneFetch() throws Exception {
        try (GateFixture f = GateFixture.start();
                MetricsRegistry.Registration r = MetricsRegistry.register("/flood", "jwtgate", f.gate)) {
            ObjectName keys = keySet("/flood", "jwtgate", f.issuer.issuer());
            ObjectName gate = engine("/flood", "jwtgate");
            assertInstanceOf(Outcome.Authenticated.class, f.validate(f.minter().sign()));
            f.advance(INTERVAL.plusSeconds(1));
            for (int i = 0; i < 500; i++) {
                assertEquals(Outcome.rejected(Reason.UNKNOWN_KEY), f.validate(f.minter().kid(UUID.randomUUID().toString()).sign()));
            }
            assertEquals(2, f.issuer.jwksRequests());
            assertEquals(1L, read(keys, "jwks.refreshes.unknown_kid"));
            assertEquals(499L, read(keys, "jwks.refreshes.refused"));
            assertEquals(500L, read(gate, "decisions.rejected.unknown_key"));
            assertEquals(1L, read(gate, "decisions.authenticated.none"));
        }
    }

    @Test
    void validationTimesAreSplitByCacheUse() throws Exception {
        try (GateFixture f = GateFixture.start();
                MetricsRegistry.Registration r = MetricsRegistry.register("/times", "jwtgate", f.gate)) {
            ObjectName gate = engine("/times", "jwtgate");
            String token = f.minter().sign();
            for (int i = 0; i < 1601; i++) {
                assertInstanceOf(Outcome.Authenticated.class, f.validate(token));
            }
            assertEquals(1L, read(gate, "validation.miss.count"), "every miss is timed");
            long sampled = (Long) read(gate, "validation.hit.count");
            assertTrue(sampled >= 40 && sampled <= 250, "about 1 hit in 16 is timed: " + sampled + " of 1600");
            assertTrue((Double) read(gate, "validation.miss.sumSeconds") > 0);
            assertEquals(1600L, read(gate, "token.cache.hits"));
            assertEquals(1.0, read(gate, "token.cache.entries"));
            assertEquals("UP", read(gate, "status"));
        }
    }

    @Test
    void metricsOffCountsNoDecisions() {
        try (GateFixture f = GateFixture.start(b -> b.metrics(false))) {
            assertInstanceOf(Outcome.Authenticated.class, f.validate(f.minter().sign()));
            assertEquals(0, f.gate.metrics().count(DecisionMetrics.AUTHENTICATED, null));
            assertEquals(1, f.gate.keySets().get(0).metrics().fetches(org.jwtgate.jwks.FetchResult.OK), "key sets still count");
        }
    }

    @Test
    void mbeansGoAwayOnCloseAndTheSameNameTwiceDoesNotFail() throws Exception {
        try (GateFixture f = GateFixture.start()) {
            ObjectName first = engine("/twice", "jwtgate");
            ObjectName second = new ObjectName(first + ",instance=2");
            MetricsRegistry.Registration a = MetricsRegistry.register("/twice", "jwtgate", f.gate);
            MetricsRegistry.Registration b = MetricsRegistry.register("/twice", "jwtgate", f.gate);
            assertTrue(JMX.isRegistered(first));
            assertTrue(JMX.isRegistered(second), "a clash takes the next instance instead of failing");
            a.close();
            b.close();
            b.close();
            assertFalse(JMX.isRegistered(first));
            assertFalse(JMX.isRegistered(second));
            assertTrue(JMX.queryNames(new ObjectName("org.jwtgate:app=\"/twice\",*"), null).isEmpty(), "no key set left");
            assertTrue(MetricsRegistry.sources().stream().noneMatch(s -> s.app().equals("/twice")));
        }
    }

    @Test
    void histogramBucketsAndQuantiles() {
        LatencyHistogram h = new LatencyHistogram();
        h.record(900);           // ≤ 1 µs
        h.record(1_000);         // ≤ 1 µs (bounds are inclusive)
        h.record(1_001);         // ≤ 2.5 µs
        h.record(-5);            // a clock going back counts as 0
        h.record(Long.MAX_VALUE); // the unbounded bucket
        LatencyHistogram.Snapshot s = h.snapshot();
        assertEquals(5, s.count());
        assertEquals(3, s.counts()[0]);
        assertEquals(1, s.counts()[1]);
        assertEquals(1, s.counts()[s.counts().length - 1]);
        assertEquals(1e-6, s.quantileUpperBound(0.5));
        assertEquals(Double.POSITIVE_INFINITY, s.quantileUpperBound(1.0));
    }
}
