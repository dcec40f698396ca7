package org.jwtgate.micrometer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jwtgate.JwtGate;
import org.jwtgate.Outcome;
import org.jwtgate.config.GateConfig;
import org.jwtgate.keys.JwksPublisher;
import org.jwtgate.keys.PublisherConfig;
import org.jwtgate.metrics.MetricsRegistry;
import org.jwtgate.tenant.TenantId;
import org.jwtgate.testing.LocalIssuer;
import org.jwtgate.testing.TestKeys;
import org.jwtgate.testing.TokenMinter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Prometheus registry scraped after real validations against a local issuer and a real key
 * publisher: stable names and tags ({@code issuer}, {@code reason}, {@code tenant}), series that do not
 * grow with what tokens say, meters gone when their engine is.
 */
class PrometheusScrapeTest {
    @TempDir
    Path keys;

    private static double value(String scrape, String series) {
        Matcher m = Pattern.compile("^" + Pattern.quote(series) + " (\\S+)$", Pattern.MULTILINE).matcher(scrape);
        assertTrue(m.find(), () -> "no series " + series + " in\n" + scrape);
        return Double.parseDouble(m.group(1));
    }

    private static long series(String scrape) {
        return scrape.lines().filter(l -> l.startsWith("jwtgate_")).count();
    }

    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"(?:[^\"\\\\]|\\\\.)*\"");

    /** Each scraped jwtgate series name with the label keys its series have. */
    private static Map<String, Set<Set<String>>> labelKeys(String scrape) {
        Map<String, Set<Set<String>>> keys = new TreeMap<>();
        scrape.lines().filter(l -> l.startsWith("jwtgate_")).forEach(l -> {
            int brace = l.indexOf('{');
            String name = brace < 0 ? l.substring(0, l.indexOf(' ')) : l.substring(0, brace);
            Set<String> labels = new TreeSet<>();
            if (brace >= 0) {
                Matcher m = LABEL.matcher(l.substring(brace, l.lastIndexOf('}') + 1));
                while (m.find()) {
                    labels.add(m.group(1));
                }
            }
            keys.computeIfAbsent(name, k -> new HashSet<>()).add(labels);
        });
        return keys;
    }

    /** Every series of one name has the same label keys (Prometheus requires it of one metric). */
    private static void assertOneLabelKeySetPerName(String scrape) {
        Map<String, Set<Set<String>>> keys = labelKeys(scrape);
        assertFalse(keys.isEmpty());
        keys.forEach((name, sets) -> assertEquals(1, sets.size(), name + " has label key sets " + sets));
    }

    @Test
    void scrapeFindsTheMetersWithStableNamesAndBoundedTags() throws Exception {
        PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        TenantId acme = TenantId.of("acme");
        try (LocalIssuer issuer = LocalIssuer.start();
                JwtGate gate = JwtGate.createWithoutBackgroundRefresh(GateConfig.builder().issuer(issuer.issuer(), issuer.jwksUri())
                        .audiences("api").build());
                JwksPublisher publisher = JwksPublisher.create(PublisherConfig.builder().managed(keys, "scrape-test")
                        .issuer("https://auth.example.com/t/{tenant}").tenants(List.of(acme)).build());
                JwtGateMeterBinder binder = new JwtGateMeterBinder()) {
            binder.bindTo(prometheus); // before the engines register: later ones are followed
            MetricsRegistry.Registration engine = MetricsRegistry.register("/shop", "jwtgate", gate);
            MetricsRegistry.Registration keySet = MetricsRegistry.register("/shop", "jwks", publisher);

            String token = issuer.minter().audience("api").subject("alice").sign();
            assertInstanceOf(Outcome.Authenticated.class, gate.validate(token));
            assertInstanceOf(Outcome.Authenticated.class, gate.validate(token));
            String expired = issuer.minter().audience("api").subject("bob").expiresIn(Duration.ofMinutes(-10)).sign();
            assertEquals(Outcome.rejected(org.jwtgate.error.Reason.EXPIRED), gate.validate(expired));
            publisher.signer().sign(acme, Map.of("sub", "carol", "aud", "api", "client_id", "scrape-test"));

            String scrape = prometheus.scrape();
            String iss = "issuer=\"" + issuer.issuer() + "\"";
            assertEquals(2.0, value(scrape,
                    "jwtgate_decisions_total{app=\"/shop\",engine=\"jwtgate\"," + iss + ",outcome=\"authenticated\",reason=\"none\"}"));
            assertEquals(1.0, value(scrape,
                    "jwtgate_decisions_total{app=\"/shop\",engine=\"jwtgate\"," + iss + ",outcome=\"rejected\",reason=\"expired\"}"));
            assertEquals(0.0, value(scrape,
                    "jwtgate_decisions_total{app=\"/shop\",engine=\"jwtgate\"," + iss + ",outcome=\"forbidden\",reason=\"missing_scope\"}"));
            assertEquals(0.0, value(scrape,
                    "jwtgate_decisions_total{app=\"/shop\",engine=\"jwtgate\",issuer=\"\",outcome=\"authenticated\",reason=\"none\"}"),
                    "nothing authenticated without a trusted issuer");
            assertEquals(1.0, value(scrape, "jwtgate_jwks_fetches_total{app=\"/shop\",engine=\"jwtgate\"," + iss + ",result=\"ok\"}"));
            assertEquals(1.0, value(scrape, "jwtgate_jwks_keys{app=\"/shop\",engine=\"jwtgate\"," + iss + "}"));
            assertEquals(0.0, value(scrape, "jwtgate_jwks_health{app=\"/shop\",engine=\"jwtgate\"," + iss + "}"));
            assertTrue(value(scrape, "jwtgate_jwks_age_seconds{app=\"/shop\",engine=\"jwtgate\"," + iss + "}") >= 0);
            assertTrue(value(scrape, "jwtgate_validation_seconds_count{app=\"/shop\",cache=\"hit\",engine=\"jwtgate\"," + iss + "}")
                    <= 1.0, "hits are sampled");
            assertEquals(2.0, value(scrape, "jwtgate_validation_seconds_count{app=\"/shop\",cache=\"miss\",engine=\"jwtgate\"," + iss
                    + "}"), "the issuer's validation times: its accepted and its expired token");
            assertTrue(value(scrape, "jwtgate_validation_seconds_sum{app=\"/shop\",cache=\"miss\",engine=\"jwtgate\"," + iss + "}")
                    > 0);
            assertEquals(0.0, value(scrape, "jwtgate_validation_seconds_count{app=\"/shop\",cache=\"miss\",engine=\"jwtgate\","
                    + "issuer=\"\"}"), "nothing validated without a trusted issuer yet");
            assertEquals(Set.of(Set.of("app", "cache", "engine", "issuer")), labelKeys(scrape).get("jwtgate_validation_seconds_count"));
            assertOneLabelKeySetPerName(scrape);
            assertEquals(1.0, value(scrape, "jwtgate_token_cache_hits_total{app=\"/shop\",engine=\"jwtgate\"}"));
            assertEquals(1.0, value(scrape, "jwtgate_publisher_keys{app=\"/shop\",publisher=\"jwks\",state=\"active\",tenant=\"acme\"}"));
            assertEquals(1.0, value(scrape, "jwtgate_publisher_signatures_total{app=\"/shop\",publisher=\"jwks\"}"));
            assertEquals(1.0, value(scrape, "jwtgate_publisher_tenants{app=\"/shop\",publisher=\"jwks\"}"));

            long before = series(scrape);
            org.jose4j.jwk.PublicJsonWebKey stranger = TestKeys.rsa();
            for (int i = 0; i < 50; i++) { // what tokens say never becomes a tag: unknown kids, foreign issuers
                gate.validate(TokenMinter.signedWith(stranger).kid(UUID.randomUUID().toString())
                        .issuer("https://evil.example/" + i).audience("api").subject("mallory" + i).sign());
                gate.validate(issuer.minter().kid("kid-" + i).audience("api").subject("m" + i).sign());
            }
            String after = prometheus.scrape();
            assertEquals(before, series(after), "no new series from token content");
            assertFalse(after.contains("evil.example") || after.contains("mallory") || after.contains("kid-1"));
            assertEquals(50.0, value(after,
                    "jwtgate_decisions_total{app=\"/shop\",engine=\"jwtgate\",issuer=\"\",outcome=\"rejected\",reason=\"untrusted_issuer\"}"),
                    "untrusted issuers: the empty issuer, never theirs");
            assertEquals(50.0, value(after,
                    "jwtgate_decisions_total{app=\"/shop\",engine=\"jwtgate\"," + iss + ",outcome=\"rejected\",reason=\"unknown_key\"}"),
                    "unknown kids of the trusted issuer: its own");
            assertEquals(50.0, value(after, "jwtgate_validation_seconds_count{app=\"/shop\",cache=\"miss\",engine=\"jwtgate\","
                    + "issuer=\"\"}"), "the made-up issuers' validation times: under the empty issuer");
            assertEquals(52.0, value(after, "jwtgate_validation_seconds_count{app=\"/shop\",cache=\"miss\",engine=\"jwtgate\"," + iss
                    + "}"), "the unknown kids' validation times: the trusted issuer's");
            assertOneLabelKeySetPerName(after);

            engine.close();
            keySet.close();
            assertEquals(0, series(prometheus.scrape()), "meters go with their engine");
        }
    }

    @Test
    void heldTenantIssuersAreScrapedWithTheirKeySetAndDecisionsAndGoWhenEvicted() throws Exception {
        PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        try (LocalIssuer acme = LocalIssuer.start("t/acme");
                LocalIssuer globex = acme.sibling("t/globex");
                JwtGate gate = JwtGate.createWithoutBackgroundRefresh(GateConfig.builder().audiences("api")
                        .tenantIssuer(acme.issuer().replace("/t/acme", "/t/{tenant}")).tenantCacheSize(1)
                        .tenantSource(org.jwtgate.tenant.TenantSource.parse("header:X-Tenant")).build());
                JwtGateMeterBinder binder = new JwtGateMeterBinder();
                MetricsRegistry.Registration r = MetricsRegistry.register("/tenants", "jwtgate", gate)) {
            binder.bindTo(prometheus);
            String ofAcme = "issuer=\"" + acme.issuer() + "\"";
            String ofGlobex = "issuer=\"" + globex.issuer() + "\"";
            assertFalse(prometheus.scrape().contains(ofAcme), "no tenant held yet");

            assertInstanceOf(Outcome.Authenticated.class, gate.validate(acme.minter().audience("api").subject("alice").sign(),
                    TenantId.of("acme")));
            String scrape = prometheus.scrape();
            assertEquals(1.0, value(scrape, "jwtgate_jwks_fetches_total{app=\"/tenants\",engine=\"jwtgate\"," + ofAcme
                    + ",result=\"ok\"}"));
            assertEquals(1.0, value(scrape, "jwtgate_jwks_keys{app=\"/tenants\",engine=\"jwtgate\"," + ofAcme + "}"));
            assertEquals(0.0, value(scrape, "jwtgate_jwks_stale_seconds{app=\"/tenants\",engine=\"jwtgate\"," + ofAcme + "}"));
            assertEquals(1.0, value(scrape, "jwtgate_jwks_fetch_seconds_count{app=\"/tenants\",engine=\"jwtgate\"," + ofAcme + "}"));
            assertEquals(0.0, value(scrape, "jwtgate_jwks_refreshes_refused_total{app=\"/tenants\",engine=\"jwtgate\"," + ofAcme
                    + "}"));
            assertEquals(1.0, value(scrape, "jwtgate_decisions_total{app=\"/tenants\",engine=\"jwtgate\"," + ofAcme
                    + ",outcome=\"authenticated\",reason=\"none\"}"));
            assertEquals(1.0, value(scrape, "jwtgate_validation_seconds_count{app=\"/tenants\",cache=\"miss\",engine=\"jwtgate\","
                    + ofAcme + "}"), "the tenant issuer's validation times");
            assertOneLabelKeySetPerName(scrape);

            assertInstanceOf(Outcome.Authenticated.class, gate.validate(globex.minter().audience("api").subject("bob").sign(),
                    TenantId.of("globex")));
            scrape = prometheus.scrape();
            assertFalse(scrape.contains(ofAcme), "acme evicted (tenant-cache-size 1): its series went with it, timers included");
            assertEquals(1.0, value(scrape, "jwtgate_validation_seconds_count{app=\"/tenants\",cache=\"miss\",engine=\"jwtgate\","
                    + ofGlobex + "}"));
            assertOneLabelKeySetPerName(scrape);
            assertEquals(1.0, value(scrape, "jwtgate_decisions_total{app=\"/tenants\",engine=\"jwtgate\"," + ofGlobex
                    + ",outcome=\"authenticated\",reason=\"none\"}"));
        }
        assertEquals(0, series(prometheus.scrape()), "closed: no series left");
    }
}
