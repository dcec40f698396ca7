package org.jwtgate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.lang.ref.WeakReference;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jwtgate.config.GateConfig;
import org.jwtgate.testing.LocalIssuer;
import org.junit.jupiter.api.Test;

/** The background key refresh thread of {@link JwtGate#create}: it ends on close, and without one. */
class BackgroundRefreshThreadTest {

    private static List<Thread> refreshThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals("jwtgate-jwks-refresh")).toList();
    }

    // A new engine's thread, found by comparing the refresh threads before and after its creation.
    private static Thread threadOf(Set<Thread> before) throws InterruptedException {
        for (int i = 0; i < 100; i++) {
            for (Thread t : refreshThreads()) {
                if (!before.contains(t)) {
                    return t;
                }
            }
            Thread.sleep(20); // the executor starts its thread with the first scheduled run
        }
        throw new AssertionError("no refresh thread was started");
    }

    @Test
    void closeStopsTheThread() throws Exception {
        try (LocalIssuer issuer = LocalIssuer.start()) {
            Set<Thread> before = new HashSet<>(refreshThreads());
            JwtGate gate = JwtGate.create(GateConfig.builder().issuer(issuer.issuer(), issuer.jwksUri()).audiences("api").build());
            Thread thread = threadOf(before);
            assertEquals(true, thread.isDaemon());
            gate.close();
            thread.join(10_000);
            assertFalse(thread.isAlive());
        }
    }

    /**
     * A fetch in flight does not answer the interrupt of {@code shutdownNow}: close waits for it, so that
     * no thread of an undeployed application is left running (Tomcat: "started a thread named
     * [jwtgate-jwks-refresh] but has failed to stop it", and the class loader pinned).
     */
    @Test
    void closeReturnsOnlyOnceAFetchInFlightIsOver() throws Exception {
        try (LocalIssuer issuer = LocalIssuer.start()) {
            issuer.delay(java.time.Duration.ofMillis(1500));
            Set<Thread> before = new HashSet<>(refreshThreads());
            JwtGate gate = JwtGate.create(GateConfig.builder().issuer(issuer.issuer(), issuer.jwksUri()).audiences("api").build());
            Thread thread = threadOf(before);
            for (int i = 0; i < 100 && issuer.discoveryRequests() == 0; i++) {
                Thread.sleep(20); // the start-up issuer check is being answered, slowly
            }
            assertEquals(1, issuer.discoveryRequests());
            gate.close();
            assertFalse(thread.isAlive(), "close returned while the refresh thread was still fetching");
        }
    }

    @Test
    void anEngineNobodyClosesStopsItsThreadOnceItIsGarbage() throws Exception {
        try (LocalIssuer issuer = LocalIssuer.start()) {
            Set<Thread> before = new HashSet<>(refreshThreads());
            WeakReference<JwtGate> engine = new WeakReference<>(
                    JwtGate.create(GateConfig.builder().issuer(issuer.issuer(), issuer.jwksUri()).audiences("api").build()));
            Thread thread = threadOf(before);
            for (int i = 0; i < 100 && engine.get() != null; i++) {
                System.gc();
                Thread.sleep(50); // letting the collector clear the reference
            }
            assertNull(engine.get(), "the refresh thread must not keep its engine reachable");
            thread.join(10_000); // the thread's next run, at most a second later, finds the engine gone
            assertFalse(thread.isAlive());
        }
    }
}
