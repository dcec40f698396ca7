package org.jwtgate.keys.jdbc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.jose4j.jws.JsonWebSignature;
import org.jwtgate.LogCapture;
import org.jwtgate.config.ConfigException;
import org.jwtgate.config.Placeholders;
import org.jwtgate.keys.JwksPublisher;
import org.jwtgate.keys.JwksRenderer;
import org.jwtgate.keys.KeyState;
import org.jwtgate.keys.KeyType;
import org.jwtgate.keys.PublishedKey;
import org.jwtgate.keys.PublisherConfig;
import org.jwtgate.keys.PublisherParameters;
import org.jwtgate.keys.PublisherRequest;
import org.jwtgate.keys.PublisherResponse;
import org.jwtgate.keys.RotationPolicy;
import org.jwtgate.keys.SigningKey;
import org.jwtgate.keys.TenantUnavailableException;
import org.jwtgate.keys.UnknownTenantException;
import org.jwtgate.tenant.TenantId;
import org.jwtgate.testing.MutableClock;
import org.jwtgate.testing.TcpProxy;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The JDBC store against a real database: several nodes are several store instances over the same
 * tables (and, for the crash, a second JVM). Time is a {@link MutableClock} shared by the nodes.
 * Subclasses name the database.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class JdbcKeyStoreContract {
    static final RotationPolicy POLICY = new RotationPolicy(Duration.ofDays(30), Duration.ofDays(1), Duration.ofDays(1));
    static final Duration POLL = Duration.ofSeconds(10);
    private static final SecureRandom RANDOM = new SecureRandom();

    final byte[] kek = randomKey();
    final String prefix = TestDatabase.uniquePrefix();
    MutableClock clock = MutableClock.startingNow();
    private final ExecutorService pool = Executors.newFixedThreadPool(16);

    abstract TestDatabase db();

    @BeforeAll
    void createTables() {
        builder(db().dataSource(), prefix).createSchema(true).open();
    }

    @AfterEach
    void newClock() {
        clock = MutableClock.startingNow();
    }

    @AfterAll
    void dropTables() {
        pool.shutdownNow();
        db().dropTables(prefix);
    }

    static byte[] randomKey() {
        byte[] k = new byte[32];
        RANDOM.nextBytes(k);
        return k;
    }

    JdbcKeyStore.Builder builder(DataSource ds, String tablePrefix) {
        return JdbcKeyStore.builder(ds).keyEncryption(KeyEncryption.of(Map.of("k1", kek))).keyType(KeyType.EC_P256)
                .rotation(POLICY).clock(clock).pollInterval(POLL).tablePrefix(tablePrefix);
    }

    JdbcKeyStore node() {
        return builder(db().dataSource(), prefix).open();
    }

    JdbcKeyStore node(DataSource ds) {
        return builder(ds, prefix).open();
    }

    static TenantId tenant(String name) {
        return TenantId.of(name + "-" + HexFormat.of().formatHex(RANDOM.generateSeed(3)));
    }

    static List<String> kids(JdbcKeyStore s, TenantId t) {
        return s.keys(t).orElseThrow().stream().map(PublishedKey::kid).toList();
    }

    long rows(TenantId t) {
        return db().count("SELECT COUNT(*) FROM " + prefix + "key WHERE tenant = ?", t.value());
    }

    static String sign(SigningKey key) throws Exception {
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload("{\"sub\":\"alice\"}");
        jws.setKey(key.privateKey());
        jws.setAlgorithmHeaderValue(key.alg());
        jws.setKeyIdHeaderValue(key.kid());
        return jws.getCompactSerialization();
    }

    static boolean verifies(String jwsText, PublicKey key) throws Exception {
        JsonWebSignature jws = new JsonWebSignature();
        jws.setCompactSerialization(jwsText);
        jws.setKey(key);
        return jws.verifySignature();
    }

    static PublishedKey byKid(List<PublishedKey> keys, String kid) {
        return keys.stream().filter(k -> k.kid().equals(kid)).findFirst().orElseThrow();
    }

    void awaitLockWait() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (db().lockWaits(prefix) == 0) {
            assertTrue(System.nanoTime() < deadline, "no session ever waited for the tenant's row lock");
            Thread.sleep(20); // polls the database's lock table; no time passes for the stores
        }
    }

    // --- one tenant, several nodes --------------------------------------------------------------

    @Test
    void aTenantCreatedOnOneNodeIsPublishedIdenticallyByAnotherWhichSignsWithTheSameKey() throws Exception {
        JdbcKeyStore a = node();
        JdbcKeyStore b = node();
        TenantId t = tenant("acme");
        assertTrue(a.ensureTenant(t));
        assertFalse(b.ensureTenant(t));
        assertFalse(a.ensureTenant(t));
        List<PublishedKey> onA = a.keys(t).orElseThrow();
        List<PublishedKey> onB = b.keys(t).orElseThrow();
        assertEquals(JwksRenderer.render(onA), JwksRenderer.render(onB));
        assertEquals(1, onA.size());
        assertEquals(KeyState.ACTIVE, onB.get(0).state());
        assertEquals(onA.get(0).certificates(), onB.get(0).certificates());
        assertTrue(verifies(sign(a.signingKey(t)), onB.get(0).publicKey()), "signed on A, verified with B's JWKS");
        assertTrue(verifies(sign(b.signingKey(t)), onA.get(0).publicKey()), "signed on B, verified with A's JWKS");
        assertTrue(b.tenants().contains(t));
        assertEquals(1, rows(t));
    }

    @Test
    void sixteenConcurrentFirstUsesSplitOverTwoNodesCreateExactlyOneKey() throws Exception {
        JdbcKeyStore a = node();
        JdbcKeyStore b = node();
        TenantId t = tenant("sixteen");
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Boolean>> calls = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            JdbcKeyStore node = i % 2 == 0 ? a : b;
            calls.add(pool.submit(() -> {
                go.await();
                return node.ensureTenant(t);
            }));
        }
        go.countDown();
        int created = 0;
        for (Future<Boolean> f : calls) {
            created += f.get(30, TimeUnit.SECONDS) ? 1 : 0;
        }
        assertEquals(1, created);
        assertEquals(1, rows(t));
        assertEquals(kids(a, t), kids(b, t));
        assertEquals(a.signingKey(t).kid(), b.signingKey(t).kid());
    }

    @ParameterizedTest
    @EnumSource(value = KeyType.class, names = {"RSA_2048", "EC_P384", "ED25519"})
    void everyKeyTypeRoundTripsThroughTheDatabase(KeyType type) throws Exception {
        TenantId t = tenant("types");
        assertTrue(builder(db().dataSource(), prefix).keyType(type).open().ensureTenant(t));
        JdbcKeyStore other = node();
        PublishedKey published = other.keys(t).orElseThrow().get(0);
        SigningKey signing = other.signingKey(t);
        assertEquals(type.algorithm(), published.alg());
        assertEquals(type.algorithm(), signing.alg());
        assertTrue(verifies(sign(signing), published.publicKey()));
    }

    @Test
    void readsNeverCreateATenant() {
        JdbcKeyStore a = node();
        TenantId t = tenant("nobody");
        assertEquals(Optional.empty(), a.keys(t));
        assertThrows(UnknownTenantException.class, () -> a.signingKey(t));
        assertThrows(UnknownTenantException.class, () -> a.rotate(t));
        assertFalse(a.tenants().contains(t));
        assertEquals(0, db().count("SELECT COUNT(*) FROM " + prefix + "tenant WHERE tenant = ?", t.value()));
    }

    // --- rotation -------------------------------------------------------------------------------

    @Test
    void aRotationOnOneNodeIsPublishedByTheOtherWithinThePollIntervalAndActivatesOnBothAtOnce() throws Exception {
        JdbcKeyStore a = node();
        JdbcKeyStore b = node();
        TenantId t = tenant("rotate");
        a.ensureTenant(t);
        clock.advance(POLL); // B learns of the new tenant at its next poll
        String first = b.signingKey(t).kid();
        assertEquals(0, a.rotations(), "a tenant's first key is no rotation");
        PublishedKey pending = a.rotate(t);
        assertEquals(KeyState.PENDING, pending.state());
        assertEquals(1, a.rotations(), "counted by the node that wrote it, when it wrote it");
        assertEquals(pending.kid(), a.rotate(t).kid(), "a second rotation returns the pending key");
        assertEquals(1, a.rotations(), "and is no rotation");
        clock.advance(POLL.minusSeconds(1));
        assertEquals(List.of(first), kids(b, t), "B serves what it read, for at most the poll interval");
        clock.advance(Duration.ofSeconds(1));
        List<PublishedKey> onB = b.keys(t).orElseThrow();
        assertEquals(List.of(first, pending.kid()), onB.stream().map(PublishedKey::kid).toList());
        assertEquals(KeyState.PENDING, byKid(onB, pending.kid()).state());
        assertEquals(JwksRenderer.render(a.keys(t).orElseThrow()), JwksRenderer.render(onB));
        assertEquals(first, b.signingKey(t).kid());
        clock.advance(POLICY.lead());
        assertEquals(pending.kid(), a.signingKey(t).kid());
        assertEquals(pending.kid(), b.signingKey(t).kid());
        assertEquals(KeyState.RETIRED, byKid(b.keys(t).orElseThrow(), first).state());
        assertEquals(JwksRenderer.render(a.keys(t).orElseThrow()), JwksRenderer.render(b.keys(t).orElseThrow()));
        assertEquals(2, rows(t));
        assertEquals(0, b.rotations(), "B published A's rotation: not its own");
        assertEquals(1, a.rotations());
    }

    @Test
    void aScheduledRotationIsWrittenByExactlyOneNodeWhileTheOtherWaitsForTheRowLock() throws Exception {
        TenantId t = tenant("scheduled");
        AtomicBoolean armed = new AtomicBoolean();
        CountDownLatch holding = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        JdbcKeyStore a = builder(db().dataSource(), prefix).beforeCommit(x -> {
            if (x.equals(t) && armed.getAndSet(false)) {
                holding.countDown();
                try {
                    release.await(20, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }).open();
        JdbcKeyStore b = node();
        a.ensureTenant(t);
        clock.advance(POLL); // B learns of the new tenant at its next poll
        String first = b.signingKey(t).kid();
        clock.advance(POLICY.period().minus(POLICY.lead()));
        armed.set(true);
        Future<List<String>> onA = pool.submit(() -> kids(a, t));
        assertTrue(holding.await(20, TimeUnit.SECONDS), "A writes the rotation");
        Future<List<String>> onB = pool.submit(() -> kids(b, t));
        awaitLockWait();
        assertFalse(onB.isDone(), "B waits for A's lock instead of rotating too");
        release.countDown();
        List<String> kidsA = onA.get(20, TimeUnit.SECONDS);
        List<String> kidsB = onB.get(20, TimeUnit.SECONDS);
        assertEquals(2, kidsA.size());
        assertEquals(first, kidsA.get(0));
        assertEquals(kidsA, kidsB);
        assertEquals(2, rows(t));
        assertEquals(1, a.rotations(), "counted by the node whose transaction wrote the key");
        assertEquals(0, b.rotations(), "not by the one that waited for the lock");
        // after the new key activates and the grace period ends, the old key is removed once
        clock.advance(POLICY.lead().plus(POLICY.grace()));
        assertEquals(List.of(kidsA.get(1)), kids(a, t));
        clock.advance(POLL);
        assertEquals(List.of(kidsA.get(1)), kids(b, t));
        assertEquals(1, rows(t));
        assertEquals(1, a.rotations() + b.rotations(), "a removal is no rotation");
    }

    @Test
    void killingANodeInTheMiddleOfARotationLeavesAConsistentStoreThatTheOtherContinues() throws Exception {
        JdbcKeyStore b = node();
        TenantId t = tenant("crash");
        b.ensureTenant(t);
        String first = b.signingKey(t).kid();
        Process a = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), RotatingNode.class.getName(), db().url(), db().user,
                db().password, prefix, Base64.getEncoder().encodeToString(kek), t.value())
                .redirectErrorStream(true).start();
        try {
            StringBuilder output = new StringBuilder();
            CompletableFuture<Boolean> holding = CompletableFuture.supplyAsync(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(a.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String line; (line = r.readLine()) != null; ) {
                        output.append(line).append('\n');
                        if (line.equals("HOLDING")) {
                            return true;
                        }
                    }
                    return false;
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            assertTrue(holding.get(60, TimeUnit.SECONDS), () -> "node A never reached its commit:\n" + output);
            // A holds the tenant's row lock, its new key row written but not committed
            assertEquals(1, rows(t));
            assertEquals(List.of(first), kids(node(), t));
            CompletableFuture<PublishedKey> bRotates = CompletableFuture.supplyAsync(() -> b.rotate(t), pool);
            awaitLockWait();
            assertFalse(bRotates.isDone(), "B waits for A's lock");
            a.destroyForcibly(); // kill -9
            assertTrue(a.waitFor(20, TimeUnit.SECONDS));
            PublishedKey pending = bRotates.get(JdbcKeyStore.STATEMENT_TIMEOUT_SECONDS + 5, TimeUnit.SECONDS);
            assertEquals(2, rows(t), "A's rotation vanished whole; B's is the only one");
            JdbcKeyStore c = node();
            assertEquals(List.of(first, pending.kid()), kids(c, t));
            assertEquals(KeyState.PENDING, byKid(c.keys(t).orElseThrow(), pending.kid()).state());
            assertEquals(first, c.signingKey(t).kid());
        } finally {
            a.destroyForcibly();
        }
    }

    // --- the database goes away -----------------------------------------------------------------

    @Test
    void throughADatabaseOutageNodesServeWhatTheyHoldCreateNothingAndRecoverByThemselves() throws Exception {
        try (TcpProxy proxy = new TcpProxy(db().host, db().port); LogCapture log = new LogCapture()) {
            DataSource viaProxy = db().dataSource(db().url("127.0.0.1", proxy.port()));
            JdbcKeyStore a = node(viaProxy);
            JdbcKeyStore b = node(viaProxy);
            TenantId t = tenant("outage");
            TenantId never = tenant("never");
            a.ensureTenant(t);
            String first = a.signingKey(t).kid();
            PublishedKey pending = a.rotate(t);
            clock.advance(POLL); // B learns of the new tenant at its next poll
            List<String> both = kids(b, t);
            assertEquals(kids(a, t), both);
            JwksPublisher observed = publisher(a, false);
            org.jwtgate.metrics.MetricsRegistry.Registration metrics =
                    org.jwtgate.metrics.MetricsRegistry.register("/jdbc-outage", "jwks", observed);
            javax.management.ObjectName mbean = new javax.management.ObjectName(
                    "org.jwtgate:type=Publisher,app=\"/jdbc-outage\",name=\"jwks\"");
            javax.management.MBeanServer jmx = java.lang.management.ManagementFactory.getPlatformMBeanServer();
            assertEquals("UP", jmx.getAttribute(mbean, "status"));
            assertEquals(0.0, jmx.getAttribute(mbean, "publisher.store.outage"));

            proxy.cut();
            clock.advance(POLL);
            for (JdbcKeyStore n : List.of(a, b)) {
                assertEquals(both, kids(n, t));
                assertEquals(first, n.signingKey(t).kid());
                assertTrue(n.databaseUnavailableSince().isPresent());
            }
            assertEquals("DEGRADED", jmx.getAttribute(mbean, "status"), "keys served from memory");
            double lag = (Double) jmx.getAttribute(mbean, "publisher.store.poll.lag");
            clock.advance(POLL);
            kids(a, t);
            assertEquals(lag + POLL.toSeconds(), (Double) jmx.getAttribute(mbean, "publisher.store.poll.lag"), 0.01,
                    "what this node serves grows older");
            assertTrue((Double) jmx.getAttribute(mbean, "publisher.store.outage") >= POLL.toSeconds());
            assertEquals(Optional.empty(), b.keys(never), "absent from the tenant list B read: 404, not 503");
            assertThrows(TenantUnavailableException.class, () -> b.ensureTenant(never));
            assertThrows(TenantUnavailableException.class, () -> a.rotate(t));
            // the pending key activates on time on both, from memory
            clock.advance(POLICY.lead());
            assertEquals(pending.kid(), a.signingKey(t).kid());
            assertEquals(pending.kid(), b.signingKey(t).kid());
            // a scheduled rotation and a removal fall due: nothing is generated, both keep serving alike
            clock.advance(POLICY.period());
            for (int i = 0; i < 5; i++) {
                clock.advance(POLL);
                assertEquals(List.of(pending.kid()), kids(a, t));
                assertEquals(List.of(pending.kid()), kids(b, t));
                assertEquals(pending.kid(), b.signingKey(t).kid());
            }
            assertEquals(2, log.lines().stream().filter(l -> l.contains("key database does not answer")).count(),
                    "one warning per node:\n" + log.all());

            proxy.restore();
            clock.advance(POLL);
            List<String> afterA = kids(a, t);
            clock.advance(POLL);
            List<String> afterB = kids(b, t);
            assertEquals(afterA, afterB);
            assertEquals(2, afterA.size(), "the old key removed, one new pending key: " + afterA);
            assertEquals(pending.kid(), afterA.get(0));
            assertEquals(2, rows(t));
            assertEquals(0, db().count("SELECT COUNT(*) FROM " + prefix + "tenant WHERE tenant = ?", never.value()));
            assertEquals(2, log.lines().stream().filter(l -> l.contains("the key database answers again")).count(), log.all());
            assertTrue(a.databaseUnavailableSince().isEmpty());
            assertTrue(b.databaseUnavailableSince().isEmpty());
            assertEquals("UP", jmx.getAttribute(mbean, "status"));
            assertEquals(0.0, jmx.getAttribute(mbean, "publisher.store.outage"));
            assertTrue((Double) jmx.getAttribute(mbean, "publisher.store.poll.lag") < POLL.toSeconds() * 2);
            metrics.close();
            assertTrue(log.lines().stream().noneMatch(l -> l.contains(Base64.getEncoder().encodeToString(kek))));
        }
    }

    @Test
    void aNodeStartedWhileTheDatabaseIsDownAnswers503UntilItAnswersThenServesTheSharedKeys() {
        TenantId t = tenant("late");
        node().ensureTenant(t);
        try (TcpProxy proxy = new TcpProxy(db().host, db().port); LogCapture log = new LogCapture()) {
            proxy.cut();
            JdbcKeyStore late = node(db().dataSource(db().url("127.0.0.1", proxy.port())));
            assertTrue(log.all().contains("cannot be reached at startup"), log.all());
            assertThrows(TenantUnavailableException.class, () -> late.keys(t));
            assertThrows(TenantUnavailableException.class, () -> late.ensureTenant(tenant("other")));
            proxy.restore();
            assertThrows(TenantUnavailableException.class, () -> late.keys(t), "tried again at the next poll only");
            clock.advance(POLL);
            assertEquals(kids(node(), t), kids(late, t));
        }
    }

    // --- unknown tenants ------------------------------------------------------------------------

    @Test
    void aFloodOfRequestsForUnknownTenantsCostsAtMostOneQueryPerPollIntervalWhileNewTenantsAppearWithinOne()
            throws Exception {
        CountingDataSource counted = new CountingDataSource(db().dataSource());
        JdbcKeyStore a = node(counted);
        JdbcKeyStore b = node();
        TenantId known = tenant("known");
        a.ensureTenant(known);
        JwksPublisher publisher = publisher(a, false);
        String body = body(publisher.respond(jwks(known)));
        TenantId late = tenant("late");
        for (int round = 0; round < 5; round++) {
            counted.reset();
            assertEquals(Map.of("unknown 404", 200L, "known 200", 8L), flood(publisher, 200, known, body));
            assertTrue(counted.statements() <= 1, counted.statements() + " statements in one poll interval");
            assertTrue(counted.connections() <= 1, counted.connections() + " connections in one poll interval");
            if (round == 1) {
                b.ensureTenant(late); // another node creates a tenant
            }
            clock.advance(POLL);
            if (round >= 1) {
                PublisherResponse r = publisher.respond(jwks(late));
                assertEquals(200, r.status(), "a tenant another node created is served within one poll interval");
                assertEquals(JwksRenderer.render(b.keys(late).orElseThrow()), body(r));
            }
        }
    }

    @Test
    void whileTheDatabaseIsDownUnknownTenantsAnswer404WithoutTryingItAndKnownTenantsKeepServing() throws Exception {
        try (TcpProxy proxy = new TcpProxy(db().host, db().port); LogCapture log = new LogCapture()) {
            CountingDataSource counted = new CountingDataSource(db().dataSource(db().url("127.0.0.1", proxy.port())));
            JdbcKeyStore a = node(counted);
            TenantId known = tenant("known");
            a.ensureTenant(known);
            JwksPublisher publisher = publisher(a, false);
            JwksPublisher autoCreating = publisher(a, true);
            String body = body(publisher.respond(jwks(known)));

            proxy.cut();
            clock.advance(POLL);
            assertEquals(body, body(publisher.respond(jwks(known))), "this request's poll finds the database gone");
            assertTrue(a.databaseUnavailableSince().isPresent());
            for (int round = 0; round < 3; round++) {
                counted.reset();
                assertEquals(Map.of("unknown 404", 1000L, "known 200", 40L), flood(publisher, 1000, known, body));
                assertEquals(Map.of("unknown 503", 200L, "known 200", 8L), flood(autoCreating, 200, known, body),
                        "a tenant that cannot be created now answers 503, at once");
                assertEquals(round == 0 ? 0 : 1, counted.connections(), "only the poll tries the database, once per interval");
                clock.advance(POLL);
            }

            proxy.restore();
            clock.advance(POLL);
            assertEquals(body, body(publisher.respond(jwks(known))));
            assertTrue(a.databaseUnavailableSince().isEmpty());
            assertEquals(404, publisher.respond(jwks(tenant("nobody"))).status());
            TenantId created = tenant("created");
            assertEquals(200, autoCreating.respond(jwks(created)).status(), "auto-create works again");
            assertEquals(1, rows(created));
            assertEquals(1, log.lines().stream().filter(l -> l.contains("key database does not answer")).count(),
                    log.all());
        }
    }

    @Test
    void whileOnePollWaitsForAStalledPoolOtherRequestsAnswerAtOnce() throws Exception {
        CountingDataSource counted = new CountingDataSource(db().dataSource());
        TenantId elsewhere = tenant("elsewhere");
        node().ensureTenant(elsewhere); // in the list the next node reads at startup, its keys not read yet
        JdbcKeyStore a = node(counted);
        TenantId known = tenant("known");
        a.ensureTenant(known);
        JwksPublisher publisher = publisher(a, false);
        String body = body(publisher.respond(jwks(known)));
        counted.reset();
        CountDownLatch release = counted.stall();
        try {
            clock.advance(POLL);
            Future<PublisherResponse> polling = pool.submit(() -> publisher.respond(jwks(known)));
            counted.awaitWaiting(1);
            List<Future<PublisherResponse>> reading = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                reading.add(pool.submit(() -> publisher.respond(jwks(elsewhere))));
            }
            counted.awaitWaiting(2);
            assertEquals(Map.of("unknown 404", 1000L, "known 200", 40L), flood(publisher, 1000, known, body));
            assertEquals(2, counted.connections(), "the poll and the first read of a listed tenant asked for one");
            release.countDown(); // the pool gives up
            assertEquals(body, body(polling.get(10, TimeUnit.SECONDS)));
            for (Future<PublisherResponse> r : reading) {
                assertEquals(503, r.get(10, TimeUnit.SECONDS).status());
            }
            assertEquals(503, publisher.respond(jwks(elsewhere)).status());
            assertEquals(2, counted.connections(), "one read for three requests, and no further attempt before the next poll");
        } finally {
            release.countDown();
        }
    }

    JwksPublisher publisher(JdbcKeyStore store, boolean autoCreate) {
        PublisherConfig config = PublisherConfig.builder()
                .jdbc("java:comp/env/jdbc/jwtgate", "k1:" + Base64.getEncoder().encodeToString(kek))
                .jdbcPollInterval(POLL).issuer("https://auth.example.com/t/{tenant}").autoCreate(autoCreate).clock(clock)
                .build();
        return JwksPublisher.create(config, store);
    }

    static PublisherRequest jwks(TenantId t) {
        return get("/" + t.value() + "/oauth2/jwks");
    }

    static String body(PublisherResponse r) {
        return new String(r.body(), StandardCharsets.UTF_8);
    }

    /**
     * {@code unknown} (a multiple of 200) GETs for random tenants nobody created, from 8 threads at
     * once, each thread also asking for {@code known} once every 25 of them; the answers counted as
     * "unknown 404", "known 200" (a known answer with another body counts as "known other").
     */
    Map<String, Long> flood(JwksPublisher publisher, int unknown, TenantId known, String knownBody) throws Exception {
        int threads = 8;
        CountDownLatch go = new CountDownLatch(1);
        List<Future<List<String>>> tasks = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            tasks.add(pool.submit(() -> {
                go.await();
                List<String> answers = new ArrayList<>();
                for (int j = 0; j < unknown / threads; j++) {
                    if (j % 25 == 0) {
                        PublisherResponse r = publisher.respond(jwks(known));
                        answers.add(r.status() == 200 && !body(r).equals(knownBody) ? "known other" : "known " + r.status());
                    }
                    TenantId nobody = TenantId.of("nobody-" + Long.toHexString(ThreadLocalRandom.current().nextLong()));
                    answers.add("unknown " + publisher.respond(jwks(nobody)).status());
                }
                return answers;
            }));
        }
        go.countDown();
        Map<String, Long> counts = new TreeMap<>();
        for (Future<List<String>> task : tasks) {
            for (String answer : task.get(20, TimeUnit.SECONDS)) {
                counts.merge(answer, 1L, Long::sum);
            }
        }
        return counts;
    }

    // --- key encryption -------------------------------------------------------------------------

    @Test
    void privateKeysAreStoredEncryptedAndBoundToTheirTenant() throws Exception {
        String p = TestDatabase.uniquePrefix();
        try {
            JdbcKeyStore a = builder(db().dataSource(), p).createSchema(true).open();
            TenantId acme = tenant("acme");
            TenantId globex = tenant("globex");
            a.ensureTenant(acme);
            a.ensureTenant(globex);
            byte[] pkcs8 = a.signingKey(acme).privateKey().getEncoded();
            byte[] stored = column(p, "private_key", acme);
            assertEquals(12 + pkcs8.length + 16, stored.length);
            assertFalse(contains(stored, java.util.Arrays.copyOfRange(pkcs8, pkcs8.length - 32, pkcs8.length)),
                    "the private key is not stored in clear");
            assertEquals("k1", text(p, "kek_id", acme));
            // globex's sealed key moved into acme's row does not decrypt there
            db().update("UPDATE " + p + "key SET private_key = ? WHERE tenant = ?", column(p, "private_key", globex),
                    acme.value());
            try (LogCapture log = new LogCapture()) {
                JdbcKeyStore fresh = builder(db().dataSource(), p).open();
                assertThrows(TenantUnavailableException.class, () -> fresh.keys(acme));
                assertThrows(TenantUnavailableException.class, () -> fresh.signingKey(acme));
                assertThrows(TenantUnavailableException.class, () -> fresh.ensureTenant(acme));
                assertEquals(1, fresh.keys(globex).orElseThrow().size(), "other tenants are unaffected");
                assertTrue(log.all().contains("SEVERE jwtgate: the keys of tenant '" + acme + "'"), log.all());
                assertTrue(log.all().contains("not regenerated"), log.all());
            }
            assertEquals(1, db().count("SELECT COUNT(*) FROM " + p + "key WHERE tenant = ?", acme.value()));
        } finally {
            db().dropTables(p);
        }
    }

    private byte[] column(String p, String column, TenantId t) throws SQLException {
        try (Connection c = db().dataSource().getConnection();
                PreparedStatement s = c.prepareStatement("SELECT " + column + " FROM " + p + "key WHERE tenant = ?")) {
            s.setString(1, t.value());
            try (ResultSet r = s.executeQuery()) {
                assertTrue(r.next());
                return r.getBytes(1);
            }
        }
    }

    private String text(String p, String column, TenantId t) throws SQLException {
        try (Connection c = db().dataSource().getConnection();
                PreparedStatement s = c.prepareStatement("SELECT " + column + " FROM " + p + "key WHERE tenant = ?")) {
            s.setString(1, t.value());
            try (ResultSet r = s.executeQuery()) {
                assertTrue(r.next());
                return r.getString(1);
            }
        }
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    @Test
    void aWrongKeyEncryptionKeyStopsStartupNamingTheParameterAndChangesNothing() {
        TenantId t = tenant("kek");
        node().ensureTenant(t);
        String kid = node().signingKey(t).kid();
        long before = db().count("SELECT COUNT(*) FROM " + prefix + "key");
        byte[] other = randomKey();
        ConfigException wrong = assertThrows(ConfigException.class, () -> JdbcKeyStore.builder(db().dataSource())
                .keyEncryption(KeyEncryption.of(Map.of("k1", other))).tablePrefix(prefix).clock(clock).open());
        assertEquals(PublisherParameters.KEY_ENCRYPTION_KEYS, wrong.parameter());
        assertTrue(wrong.getMessage().contains("'k1' does not decrypt"), wrong.getMessage());
        assertFalse(wrong.getMessage().contains(Base64.getEncoder().encodeToString(other)));
        ConfigException unknown = assertThrows(ConfigException.class, () -> JdbcKeyStore.builder(db().dataSource())
                .keyEncryption(KeyEncryption.of(Map.of("k9", other))).tablePrefix(prefix).clock(clock).open());
        assertEquals(PublisherParameters.KEY_ENCRYPTION_KEYS, unknown.parameter());
        assertTrue(unknown.getMessage().contains("[k1]"), unknown.getMessage());
        assertEquals(before, db().count("SELECT COUNT(*) FROM " + prefix + "key"));
        assertEquals(kid, node().signingKey(t).kid());
    }

    @Test
    void theKeyEncryptionKeyRotatesOldKeysDecryptUntilRewrapped() throws Exception {
        String p = TestDatabase.uniquePrefix();
        try {
            byte[] kek2 = randomKey();
            Map<String, byte[]> newFirst = new LinkedHashMap<>();
            newFirst.put("k2", kek2);
            newFirst.put("k1", kek);
            JdbcKeyStore old = builder(db().dataSource(), p).createSchema(true).open();
            TenantId t1 = tenant("before");
            old.ensureTenant(t1);
            JdbcKeyStore both = builder(db().dataSource(), p).keyEncryption(KeyEncryption.of(newFirst)).open();
            assertEquals(kids(old, t1), kids(both, t1));
            TenantId t2 = tenant("after");
            both.ensureTenant(t2);
            assertEquals("k2", text(p, "kek_id", t2));
            KeyEncryption onlyNew = KeyEncryption.of(Map.of("k2", kek2));
            ConfigException stillNeeded = assertThrows(ConfigException.class,
                    () -> builder(db().dataSource(), p).keyEncryption(onlyNew).open());
            assertTrue(stillNeeded.getMessage().contains("[k1]"), stillNeeded.getMessage());
            assertEquals(1, both.rewrap());
            assertEquals(0, both.rewrap());
            JdbcKeyStore fresh = builder(db().dataSource(), p).keyEncryption(onlyNew).open();
            assertEquals(kids(old, t1), kids(fresh, t1));
            assertTrue(verifies(sign(fresh.signingKey(t1)), old.keys(t1).orElseThrow().get(0).publicKey()));
            assertTrue(verifies(sign(fresh.signingKey(t2)), both.keys(t2).orElseThrow().get(0).publicKey()));
        } finally {
            db().dropTables(p);
        }
    }

    // --- schema and configuration ---------------------------------------------------------------

    @Test
    void theSchemaIsCreatedOnlyWhenAllowedAndCarriesAVersion() {
        String p = TestDatabase.uniquePrefix();
        try {
            ConfigException missing = assertThrows(ConfigException.class, () -> builder(db().dataSource(), p).open());
            assertEquals(PublisherParameters.JDBC_CREATE_SCHEMA, missing.parameter());
            assertTrue(missing.getMessage().contains(p + "tenant") && missing.getMessage().contains("schema-"),
                    missing.getMessage());
            builder(db().dataSource(), p).createSchema(true).open();
            builder(db().dataSource(), p).createSchema(true).open();
            builder(db().dataSource(), p).open();
            assertEquals(JdbcKeyStore.SCHEMA_VERSION, db().count("SELECT MAX(version) FROM " + p + "schema_version"));
            db().update("UPDATE " + p + "schema_version SET version = 2");
            ConfigException newer = assertThrows(ConfigException.class, () -> builder(db().dataSource(), p).open());
            assertTrue(newer.getMessage().contains("schema version 2"), newer.getMessage());
        } finally {
            db().dropTables(p);
        }
    }

    @Test
    void aPublisherConfiguredWithStoreJdbcCreatesItsTenantsAndServesThem() {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("store", "jdbc");
        params.put("jdbc-url", db().url());
        params.put("jdbc-user", db().user);
        params.put("jdbc-password", "${env:DB_PASSWORD:}");
        params.put("jdbc-table-prefix", prefix);
        params.put("key-encryption-keys", "${env:JWTGATE_KEK}");
        params.put("key-type", "ec-p256");
        params.put("issuer", "https://auth.example.com/t/{tenant}");
        TenantId t = tenant("configured");
        params.put("tenants", t.value());
        Placeholders env = new Placeholders(
                n -> n.equals("JWTGATE_KEK") ? "k1:" + Base64.getEncoder().encodeToString(kek) : null, n -> null);
        PublisherConfig config = PublisherParameters.parse(params, env).clock(clock).build();
        assertFalse(config.toString().contains(Base64.getEncoder().encodeToString(kek)));
        try (JwksPublisher publisher = JwksPublisher.create(config)) {
            PublisherResponse r = publisher.respond(get("/" + t.value() + "/oauth2/jwks"));
            assertEquals(200, r.status());
            assertEquals(JwksRenderer.render(node().keys(t).orElseThrow()), new String(r.body(), StandardCharsets.UTF_8));
            assertNotEquals(0, publisher.signer().sign(t, org.jwtgate.keys.TokenType.JWT, new org.jose4j.jwt.JwtClaims()).length());
        }
    }

    static PublisherRequest get(String path) {
        return new PublisherRequest() {
            @Override
            public String method() {
                return "GET";
            }

            @Override
            public String path() {
                return path;
            }

            @Override
            public String host() {
                return "auth.example.com";
            }

            @Override
            public List<String> headers(String name) {
                return List.of();
            }
        };
    }

    @Test
    void storedKeysMatchTheirRows() throws Exception {
        JdbcKeyStore a = node();
        TenantId t = tenant("rows");
        a.ensureTenant(t);
        PublishedKey k = a.keys(t).orElseThrow().get(0);
        assertArrayEquals(k.certificates().get(0).getEncoded(), column(prefix, "certificate", t));
        assertEquals("ES256", text(prefix, "alg", t));
    }
}
