package org.jwtgate.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.time.Duration;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.jwtgate.metrics.Health;
import org.jwtgate.metrics.MetricsRegistry;
import org.jwtgate.tenant.TenantId;
import org.jwtgate.testing.MutableClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A rotation, a signature and an unreadable store move the publisher's counters and health, read over JMX. */
class PublisherObservabilityTest {
    private static final MBeanServer JMX = ManagementFactory.getPlatformMBeanServer();
    private static final TenantId ACME = TenantId.of("acme");

    @TempDir
    Path dir;

    private static Object read(ObjectName name, String attribute) throws Exception {
        return JMX.getAttribute(name, attribute);
    }

    @Test
    void rotationSignatureAndStoreFailureMoveThePublisherFigures() throws Exception {
        PublisherConfig config = PublisherConfig.builder().managed(dir, "observability-test")
                .issuer("https://auth.example.com/t/{tenant}").clock(MutableClock.startingNow()).tenants(List.of(ACME)).build();
        try (JwksPublisher publisher = JwksPublisher.create(config);
                MetricsRegistry.Registration r = MetricsRegistry.register("/keys", "jwks", publisher)) {
            ObjectName name = new ObjectName("org.jwtgate:type=Publisher,app=\"/keys\",name=\"jwks\"");
            assertEquals(200, publisher.respond(Requests.get("/acme/oauth2/jwks")).status());
            assertEquals(1L, read(name, "publisher.served"));
            assertEquals(0L, read(name, "publisher.rotations"));
            assertEquals(1.0, read(name, "publisher.tenants"));
            assertEquals(1.0, read(name, "publisher.keys.acme.active"));

            publisher.store().rotate(ACME);
            assertEquals(1L, read(name, "publisher.rotations"), "counted when the store rotates, before anything is served");
            publisher.store().rotate(ACME);
            assertEquals(1L, read(name, "publisher.rotations"), "a pending key exists: no second rotation");
            assertEquals(200, publisher.respond(Requests.get("/acme/oauth2/jwks")).status());
            assertEquals(1L, read(name, "publisher.rotations"));
            double published = (Double) read(name, "publisher.keys.acme.pending") + (Double) read(name, "publisher.keys.acme.active")
                    + (Double) read(name, "publisher.keys.acme.retired");
            assertEquals(2.0, published, "the new key and the old one are published");
            assertEquals(200, publisher.respond(Requests.get("/acme/oauth2/jwks")).status());
            assertEquals(1L, read(name, "publisher.rotations"), "serving the same set again is no rotation");

            publisher.signer().sign(ACME, Map.of("sub", "alice", "aud", "api", "client_id", "observability-test"));
            assertEquals(1L, read(name, "publisher.signatures"));
            assertEquals("UP", read(name, "status"));
            assertEquals(Health.UP, MetricsRegistry.health("/keys").status());

            try (var files = Files.walk(dir)) {
                for (Path p : files.filter(Files::isRegularFile).toList()) {
                    Files.writeString(p, "garbage"); // every keystore unreadable
                }
            }
            assertEquals(503, publisher.respond(Requests.get("/acme/oauth2/jwks")).status());
            assertEquals(1L, read(name, "publisher.store.errors"));
            assertEquals("DOWN", read(name, "status"));
            assertEquals(Health.DOWN, MetricsRegistry.health("/keys").status());
        }
    }

    @Test
    void scheduledRotationsAreCountedWhenTheStoreWritesThemUnderAControlledClock() throws Exception {
        MutableClock clock = MutableClock.startingNow();
        PublisherConfig config = PublisherConfig.builder().managed(dir, "observability-test").rotationPeriod(Duration.ofDays(30))
                .issuer("https://auth.example.com/t/{tenant}").clock(clock).tenants(List.of(ACME)).build();
        RotationPolicy policy = config.rotation();
        try (JwksPublisher publisher = JwksPublisher.create(config);
                MetricsRegistry.Registration r = MetricsRegistry.register("/scheduled", "jwks", publisher)) {
            ObjectName name = new ObjectName("org.jwtgate:type=Publisher,app=\"/scheduled\",name=\"jwks\"");
            TenantKeyStore store = publisher.store();
            assertEquals(1, store.keys(ACME).orElseThrow().size(), "the tenant's first key");
            assertEquals(0L, read(name, "publisher.rotations"), "a tenant's first key is no rotation");

            clock.advance(policy.period().minus(policy.lead()).minusSeconds(1));
            assertEquals(1, store.keys(ACME).orElseThrow().size());
            assertEquals(0L, read(name, "publisher.rotations"), "not due yet");
            clock.advance(Duration.ofSeconds(1));
            assertEquals(0L, read(name, "publisher.rotations"), "due, but the schedule applies when the store is used");
            assertEquals(2, store.keys(ACME).orElseThrow().size(), "the store wrote the new pending key");
            assertEquals(1L, read(name, "publisher.rotations"), "counted then, nothing served");
            assertEquals(0L, read(name, "publisher.served"));
            store.keys(ACME);
            assertEquals(1L, read(name, "publisher.rotations"), "once");

            clock.advance(policy.lead().plus(policy.grace()));
            assertEquals(1, store.keys(ACME).orElseThrow().size(), "the old key removed after its grace");
            assertEquals(1L, read(name, "publisher.rotations"), "a removal is no rotation");
            clock.advance(policy.period().minus(policy.lead()));
            store.keys(ACME);
            assertEquals(2L, read(name, "publisher.rotations"), "the next scheduled rotation");
        }
    }
}
