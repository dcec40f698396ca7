package org.jwtgate.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.jwtgate.Decision;
import org.jwtgate.GateFixture;
import org.jwtgate.JwtGate;
import org.jwtgate.Outcome;
import org.jwtgate.TestRequest;
import org.jwtgate.authz.AccessRule;
import org.jwtgate.authz.Authorization;
import org.jwtgate.config.GateConfig;
import org.jwtgate.error.Reason;
import org.jwtgate.tenant.TenantId;
import org.jwtgate.tenant.TenantSource;
import org.jwtgate.testing.LocalIssuer;
import org.jwtgate.testing.MutableClock;
import org.jwtgate.testing.TokenMinter;
import org.junit.jupiter.api.Test;

/**
 * Decisions per trusted issuer, and tenant issuers' key sets, read for real through the platform MBean
 * server: real local issuers over HTTP, a controlled clock. Issuer tags come from the engine's trusted
 * issuers only; everything else is counted under {@code issuer=""}.
 */
class IssuerObservabilityTest {
    private static final MBeanServer JMX = ManagementFactory.getPlatformMBeanServer();
    private static final String AUDIENCE = GateFixture.AUDIENCE;

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

    private static Set<String> mbeans(String app) throws Exception {
        Set<String> names = new TreeSet<>();
        JMX.queryNames(new ObjectName("org.jwtgate:app=" + ObjectName.quote(app) + ",*"), null).forEach(n -> names.add(n.toString()));
        return names;
    }

    /** The values of tag {@code issuer} among the registered meters of {@code app}. */
    private static Set<String> issuerTags(String app) {
        Set<String> tags = new TreeSet<>();
        for (Source s : MetricsRegistry.sources()) {
            if (s.app().equals(app)) {
                s.meters().forEach(m -> {
                    if (m.tags().containsKey("issuer")) {
                        tags.add(m.tags().get("issuer"));
                    }
                });
            }
        }
        return tags;
    }

    /** The {@code jwtgate.validation} timer of {@code app} for {@code issuer} and {@code cache}: there is exactly one. */
    private static LatencyHistogram validation(String app, String issuer, String cache) {
        List<LatencyHistogram> found = new ArrayList<>();
        for (Source s : MetricsRegistry.sources()) {
            if (s.app().equals(app)) {
                for (Meter m : s.meters()) {
                    if (m.name().equals("jwtgate.validation") && issuer.equals(m.tags().get("issuer"))
                            && cache.equals(m.tags().get("cache"))) {
                        found.add(((Meter.Timer) m).histogram());
                    }
                }
            }
        }
        assertEquals(1, found.size(), "one timer for issuer=" + issuer + " cache=" + cache);
        return found.get(0);
    }

    /** Each meter name of {@code app} with the tag keys its meters have: one set per name, as Prometheus requires. */
    private static Map<String, Set<Set<String>>> tagKeys(String app) {
        Map<String, Set<Set<String>>> keys = new TreeMap<>();
        for (Source s : MetricsRegistry.sources()) {
            if (s.app().equals(app)) {
                s.meters().forEach(m -> keys.computeIfAbsent(m.name(), k -> new HashSet<>()).add(m.tags().keySet()));
            }
        }
        return keys;
    }

    private static void assertOneTagKeySetPerName(String app) {
        tagKeys(app).forEach((name, sets) -> assertEquals(1, sets.size(), name + " has tag key sets " + sets));
    }

    private static long decisions(String app, String issuer, String outcome, String reason) {
        long sum = 0;
        int found = 0;
        for (Source s : MetricsRegistry.sources()) {
            if (!s.app().equals(app)) {
                continue;
            }
            for (Meter m : s.meters()) {
                if (m.name().equals("jwtgate.decisions") && issuer.equals(m.tags().get("issuer"))
                        && outcome.equals(m.tags().get("outcome")) && reason.equals(m.tags().get("reason"))) {
                    sum += ((Meter.Counter) m).value().getAsLong();
                    found++;
                }
            }
        }
        assertEquals(1, found, "one series for issuer=" + issuer + " outcome=" + outcome + " reason=" + reason);
        return sum;
    }

    @Test
    void decisionsAreCountedPerTrustedIssuerAndEverythingElseUnderNoIssuer() throws Exception {
        try (GateFixture f = GateFixture.start(b -> b.metrics(true));
                LocalIssuer other = LocalIssuer.start()) {
            JwtGate gate = JwtGate.createWithoutBackgroundRefresh(GateConfig.builder().audiences(AUDIENCE).clock(f.clock)
                    .issuer(f.issuer.issuer(), f.issuer.jwksUri()).issuer(other.issuer(), other.jwksUri()).build());
            try (gate; MetricsRegistry.Registration r = MetricsRegistry.register("/per-issuer", "jwtgate", gate)) {
                TokenMinter ofFirst = f.minter();
                TokenMinter ofOther = other.minter().audience(AUDIENCE).subject("bob").clock(f.clock);
                String token = ofFirst.sign();
                assertInstanceOf(Outcome.Authenticated.class, gate.validate(token));
                assertInstanceOf(Outcome.Authenticated.class, gate.validate(token), "a cache hit");
                assertEquals(Outcome.rejected(Reason.EXPIRED), gate.validate(ofOther.expiresIn(Duration.ofMinutes(-10)).sign()));
                assertEquals(Outcome.rejected(Reason.UNKNOWN_KEY), gate.validate(ofOther.kid("not-published").sign()));
                for (int i = 0; i < 20; i++) { // made-up issuers: counted, never a tag or an MBean
                    assertEquals(Outcome.rejected(Reason.UNTRUSTED_ISSUER), gate.validate(f.minter()
                            .issuer("https://evil.example/" + UUID.randomUUID()).sign()));
                }
                assertEquals(Outcome.rejected(Reason.MALFORMED_TOKEN), gate.validate("not.a.token!"));
                assertEquals(Outcome.NO_CREDENTIALS, gate.authenticate(TestRequest.create()));
                Decision accepted = gate.decide("/orders", TestRequest.bearer(token));
                Decision forbidden = Authorization.authorize(gate.responses(), accepted, AccessRule.requires(java.util.List.of(), java.util.List.of("orders:write")));
                assertEquals(403, ((Decision.Respond) forbidden).response().status());

                ObjectName first = keySet("/per-issuer", "jwtgate", f.issuer.issuer());
                ObjectName second = keySet("/per-issuer", "jwtgate", other.issuer());
                ObjectName total = engine("/per-issuer", "jwtgate");
                assertEquals(3L, read(first, "decisions.authenticated.none"), "miss, hit, and the decide's hit");
                assertEquals(1L, read(first, "decisions.forbidden.missing_scope"), "the 403 goes to the caller's issuer");
                assertEquals(0L, read(first, "decisions.rejected.expired"));
                assertEquals(1L, read(second, "decisions.rejected.expired"));
                assertEquals(1L, read(second, "decisions.rejected.unknown_key"));
                assertEquals(0L, read(second, "decisions.authenticated.none"));
                assertEquals(3L, read(total, "decisions.authenticated.none"), "the engine's MBean: all issuers");
                assertEquals(20L, read(total, "decisions.rejected.untrusted_issuer"));
                assertEquals(1L, read(total, "decisions.no_credentials.none"));
                assertEquals(1L, read(total, "decisions.forbidden.missing_scope"));

                assertEquals(new TreeSet<>(Set.of("", f.issuer.issuer(), other.issuer())), issuerTags("/per-issuer"),
                        "issuer tags: the configured issuers and the empty bucket, nothing from a token");
                assertEquals(3, mbeans("/per-issuer").size(), "the engine and two key sets: " + mbeans("/per-issuer"));
                assertEquals(20, decisions("/per-issuer", "", "rejected", "untrusted_issuer"));
                assertEquals(1, decisions("/per-issuer", "", "rejected", "malformed_token"));
                assertEquals(1, decisions("/per-issuer", "", "no_credentials", "none"));
                assertEquals(0, decisions("/per-issuer", "", "authenticated", "none"));
                assertEquals(3, decisions("/per-issuer", f.issuer.issuer(), "authenticated", "none"));
                assertEquals(1, decisions("/per-issuer", other.issuer(), "rejected", "expired"));

                // Validation times: per issuer exactly as the decisions, made-up issuers under issuer="".
                assertEquals(1L, read(first, "validation.miss.count"), "its one verification");
                assertEquals(2L, read(second, "validation.miss.count"), "the expired token and the unknown key");
                assertEquals(24L, read(total, "validation.miss.count"), "the engine's MBean: all issuers and none");
                assertEquals(21L, validation("/per-issuer", "", "miss").count(), "20 untrusted issuers and a malformed token");
                assertEquals(1L, validation("/per-issuer", f.issuer.issuer(), "miss").count());
                assertTrue((Double) read(first, "validation.miss.sumSeconds") > 0);
                assertTrue((Double) read(first, "validation.miss.p99Seconds") > 0);
                assertEquals(0L, read(second, "validation.hit.count"), "no hit of the second issuer's tokens");
                for (int i = 0; i < 800; i++) { // hits are timed 1 in 16: none sampled in 800 has odds of about e^-52
                    assertInstanceOf(Outcome.Authenticated.class, gate.validate(token));
                }
                long hits = (Long) read(first, "validation.hit.count");
                assertTrue(hits > 0 && hits <= 802, "sampled hits of the first issuer: " + hits);
                assertEquals(hits, read(total, "validation.hit.count"), "every sampled hit was the first issuer's");
                assertEquals(hits, validation("/per-issuer", f.issuer.issuer(), "hit").count());
                assertEquals(0L, validation("/per-issuer", "", "hit").count());
                assertEquals(0L, read(second, "validation.hit.count"));
                assertEquals(1L, read(first, "validation.miss.count"), "hits are not misses");
                assertEquals(Set.of(Set.of("app", "engine", "issuer", "cache")), tagKeys("/per-issuer").get("jwtgate.validation"));
                assertOneTagKeySetPerName("/per-issuer");
                assertEquals(new TreeSet<>(Set.of("", f.issuer.issuer(), other.issuer())), issuerTags("/per-issuer"),
                        "timers too: no issuer tag from a token");
            }
        }
    }

    @Test
    void metricsOffCountsNoDecisionsForAnyIssuer() throws Exception {
        try (GateFixture f = GateFixture.start(b -> b.metrics(false));
                MetricsRegistry.Registration r = MetricsRegistry.register("/no-metrics", "jwtgate", f.gate)) {
            assertInstanceOf(Outcome.Authenticated.class, f.validate(f.minter().sign()));
            assertEquals(0L, read(engine("/no-metrics", "jwtgate"), "decisions.authenticated.none"));
            assertEquals(1L, read(keySet("/no-metrics", "jwtgate", f.issuer.issuer()), "jwks.fetches.ok"), "key sets still count");
        }
    }

    @Test
    void heldTenantIssuersHaveKeySetMetersAndDecisionsUntilEvicted() throws Exception {
        MutableClock clock = MutableClock.startingNow();
        LocalIssuer acme = LocalIssuer.start("t/acme");
        LocalIssuer globex = acme.sibling("t/globex");
        String template = acme.issuer().replace("/t/acme", "/t/{tenant}");
        JwtGate gate = JwtGate.createWithoutBackgroundRefresh(GateConfig.builder().audiences(AUDIENCE).clock(clock)
                .tenantIssuer(template).tenantSource(TenantSource.parse("path:/api/t/{tenant}/*")).tenantCacheSize(1)
                .jwksConnectTimeout(Duration.ofMillis(800)).jwksReadTimeout(Duration.ofMillis(800)).build());
        String app = "/tenants";
        try (acme; globex; gate; MetricsRegistry.Registration r = MetricsRegistry.register(app, "jwtgate", gate)) {
            ObjectName ofAcme = keySet(app, "jwtgate", acme.issuer());
            ObjectName ofGlobex = keySet(app, "jwtgate", globex.issuer());
            assertFalse(JMX.isRegistered(ofAcme), "nothing held yet");

            TokenMinter acmeTokens = acme.minter().audience(AUDIENCE).subject("alice").clock(clock);
            assertInstanceOf(Outcome.Authenticated.class, gate.validate(acmeTokens.sign(), TenantId.of("acme")));
            assertTrue(JMX.isRegistered(ofAcme), mbeans(app).toString());
            assertEquals(1L, read(ofAcme, "jwks.fetches.ok"));
            assertEquals(1.0, read(ofAcme, "jwks.keys"));
            assertEquals(1L, read(ofAcme, "decisions.authenticated.none"));
            assertEquals(1L, read(ofAcme, "validation.miss.count"), "the tenant issuer's validation times");
            assertEquals("UP", read(ofAcme, "status"));
            assertOneTagKeySetPerName(app);
            assertTrue((Double) read(ofAcme, "jwks.fetch.sumSeconds") > 0, "fetch latency recorded");

            clock.advance(Duration.ofSeconds(31));
            for (int i = 0; i < 100; i++) { // a kid flood on the tenant's route
                assertEquals(Outcome.rejected(Reason.UNKNOWN_KEY),
                        gate.validate(acmeTokens.kid(UUID.randomUUID().toString()).sign(), TenantId.of("acme")));
            }
            assertEquals(1L, read(ofAcme, "jwks.refreshes.unknown_kid"));
            assertEquals(99L, read(ofAcme, "jwks.refreshes.refused"));
            assertEquals(100L, read(ofAcme, "decisions.rejected.unknown_key"));
            assertEquals(101L, read(ofAcme, "validation.miss.count"));
            assertEquals(101L, validation(app, acme.issuer(), "miss").count());

            acme.outage(true);
            clock.advance(Duration.ofMinutes(6)); // past the default TTL
            gate.refreshDue();
            assertEquals(1L, read(ofAcme, "jwks.fetches.http_error"));
            assertEquals(1L, read(ofAcme, "jwks.refreshes.background"));
            assertEquals("DEGRADED", read(ofAcme, "status"));
            double stale = (Double) read(ofAcme, "jwks.stale");
            clock.advance(Duration.ofMinutes(2));
            assertEquals(stale + 120, (Double) read(ofAcme, "jwks.stale"), 1.0, "staleness grows");
            assertTrue((Double) read(ofAcme, "jwks.age") >= 480, "age: since the last good fetch");
            assertEquals(Health.DEGRADED, MetricsRegistry.health(app).status());
            acme.outage(false);

            assertInstanceOf(Outcome.Authenticated.class, gate.validate(globex.minter().audience(AUDIENCE).subject("bob")
                    .clock(clock).sign(), TenantId.of("globex")));
            assertTrue(JMX.isRegistered(ofGlobex));
            assertFalse(JMX.isRegistered(ofAcme), "acme evicted (tenant-cache-size 1): its MBean is gone");
            assertEquals(Set.of("", globex.issuer()), issuerTags(app), "acme's meters left with it");
            assertEquals(1L, read(ofGlobex, "validation.miss.count"));
            assertEquals(102L, read(engine(app, "jwtgate"), "validation.miss.count"), "totals keep evicted tenants' times");
            assertEquals(Health.UP, MetricsRegistry.health(app).status(), "acme's degraded key set is no longer held");
            assertEquals(102L, (Long) read(engine(app, "jwtgate"), "decisions.authenticated.none")
                    + (Long) read(engine(app, "jwtgate"), "decisions.rejected.unknown_key"), "totals keep evicted tenants' decisions");

            for (int i = 0; i < 30; i++) { // tenants whose keys never load: bounded by tenant-cache-size
                String t = "nobody-" + i;
                gate.validate(acmeTokens.issuer(template.replace("{tenant}", t)).sign(), TenantId.of(t));
                assertTrue(mbeans(app).size() <= 2, mbeans(app).toString());
            }
        }
        assertEquals(Set.of(), mbeans(app), "closed: no MBean left, tenants' included");
        assertTrue(issuerTags(app).isEmpty());
    }
}
