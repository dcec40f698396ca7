package org.jwtgate.keys;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.security.Signature;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.jwtgate.LogCapture;
import org.jwtgate.config.ConfigException;
import org.jwtgate.keys.internal.Thumbprint;
import org.jwtgate.tenant.TenantId;
import org.jwtgate.testing.MutableClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManagedDirectoryStoreTest {
    private static final String PASSWORD = "test-password";
    private static final TenantId ACME = TenantId.of("acme");
    private static final TenantId GLOBEX = TenantId.of("globex");
    private static final RotationPolicy POLICY = new RotationPolicy(Duration.ofDays(30), Duration.ofDays(1), Duration.ofDays(1));

    @TempDir
    Path dir;

    private final MutableClock clock = MutableClock.startingNow();

    private ManagedDirectoryStore store(KeyType type, KidStyle kids) {
        return new ManagedDirectoryStore(dir, PASSWORD, type, kids, POLICY, clock);
    }

    private ManagedDirectoryStore store() {
        return store(KeyType.EC_P256, KidStyle.UUID);
    }

    private static List<String> kids(TenantKeyStore s, TenantId t) {
        return s.keys(t).orElseThrow().stream().map(PublishedKey::kid).toList();
    }

    @Test
    void restartKeepsKeysAndTheirSigningKey() throws Exception {
        ManagedDirectoryStore first = store(KeyType.RSA_2048, KidStyle.UUID);
        assertTrue(first.ensureTenant(ACME));
        assertFalse(first.ensureTenant(ACME));
        PublishedKey before = first.keys(ACME).orElseThrow().get(0);
        first.close();
        ManagedDirectoryStore second = store(KeyType.EC_P384, KidStyle.THUMBPRINT);
        assertEquals(Set.of(ACME), second.tenants());
        PublishedKey after = second.keys(ACME).orElseThrow().get(0);
        assertEquals(before.kid(), after.kid());
        assertEquals(before.publicKey(), after.publicKey());
        assertEquals(before.certificates(), after.certificates());
        assertEquals(KeyState.ACTIVE, after.state());
        assertEquals("RS256", after.alg());
        SigningKey signing = second.signingKey(ACME);
        assertEquals(before.kid(), signing.kid());
        Signature s = Signature.getInstance("SHA256withRSA");
        s.initSign(signing.privateKey());
        s.update(new byte[] {1, 2, 3});
        Signature v = Signature.getInstance("SHA256withRSA");
        v.initVerify(before.publicKey());
        v.update(new byte[] {1, 2, 3});
        assertTrue(v.verify(s.sign()));
        assertFalse(signing.toString().contains("private"), "no key material in toString");
    }

    @Test
    void thirtyTwoThreadsCreatingOneNewTenantMakeExactlyOneKey() throws Exception {
        List<ManagedDirectoryStore> stores = List.of(store(KeyType.RSA_2048, KidStyle.UUID), store(KeyType.RSA_2048, KidStyle.UUID),
                store(KeyType.RSA_2048, KidStyle.UUID), store(KeyType.RSA_2048, KidStyle.UUID));
        TenantId tenant = TenantId.of("newco");
        ExecutorService pool = Executors.newFixedThreadPool(32);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<String>> results = new ArrayList<>();
        List<Boolean> created = Collections.synchronizedList(new ArrayList<>());
        try {
            for (int i = 0; i < 32; i++) {
                ManagedDirectoryStore s = stores.get(i % stores.size());
                Callable<String> task = () -> {
                    start.await();
                    created.add(s.ensureTenant(tenant));
                    return String.join(",", kids(s, tenant));
                };
                results.add(pool.submit(task));
            }
            start.countDown();
            Set<String> seen = new java.util.HashSet<>();
            for (Future<String> f : results) {
                seen.add(f.get());
            }
            assertEquals(1, seen.size(), "every thread sees the same single key: " + seen);
            assertFalse(seen.iterator().next().contains(","));
            assertEquals(1, created.stream().filter(b -> b).count(), "exactly one thread created the tenant");
        } finally {
            pool.shutdownNow();
        }
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (var in = Files.newInputStream(dir.resolve("newco.p12"))) {
            ks.load(in, PASSWORD.toCharArray());
        }
        assertEquals(1, ks.size());
    }

    @Test
    void aTruncatedFileMakesOnlyThatTenantUnavailableWithAClearErrorAndIsNeverRegenerated() throws Exception {
        ManagedDirectoryStore s = store();
        s.ensureTenant(ACME);
        s.ensureTenant(GLOBEX);
        List<String> globexKids = kids(s, GLOBEX);
        Path file = dir.resolve("acme.p12");
        byte[] good = Files.readAllBytes(file);
        Files.write(file, java.util.Arrays.copyOf(good, good.length / 2));
        try (LogCapture log = new LogCapture()) {
            ManagedDirectoryStore restarted = store();
            TenantUnavailableException e = assertThrows(TenantUnavailableException.class, () -> restarted.keys(ACME));
            assertTrue(e.getMessage().contains("'acme'") && e.getMessage().contains(file.toString()), e.getMessage());
            assertTrue(e.getMessage().contains("truncated or corrupt"), e.getMessage());
            assertThrows(TenantUnavailableException.class, () -> restarted.keys(ACME));
            assertThrows(TenantUnavailableException.class, () -> restarted.signingKey(ACME));
            assertThrows(TenantUnavailableException.class, () -> restarted.ensureTenant(ACME));
            assertThrows(TenantUnavailableException.class, () -> restarted.rotate(ACME));
            assertEquals(good.length / 2, Files.size(file), "not regenerated");
            assertEquals(globexKids, kids(restarted, GLOBEX), "other tenants unaffected");
            long errors = log.lines().stream().filter(l -> l.startsWith("SEVERE") && l.contains("acme.p12")).count();
            assertEquals(1, errors, "logged once per file version: " + log.all());
            assertFalse(log.all().contains(PASSWORD));
            Files.write(file, good);
            assertEquals(1, restarted.keys(ACME).orElseThrow().size(), "a restored file serves again");
        }
    }

    @Test
    void leftoversOfInterruptedWritesAreIgnoredReportedAndCleanedUp() throws Exception {
        store().ensureTenant(ACME);
        Path leftover = dir.resolve(".acme.12345.tmp");
        Files.write(leftover, new byte[] {0x30, (byte) 0x82});
        try (LogCapture log = new LogCapture()) {
            ManagedDirectoryStore s = store();
            assertTrue(log.all().contains(".acme.12345.tmp"), log.all());
            assertEquals(1, kids(s, ACME).size());
            s.rotate(ACME);
            assertFalse(Files.exists(leftover));
        }
    }

    @Test
    void aWrongPasswordStopsStartupWithoutShowingIt() {
        store().ensureTenant(ACME);
        ConfigException e = assertThrows(ConfigException.class,
                () -> new ManagedDirectoryStore(dir, "wrong-password", KeyType.EC_P256, KidStyle.UUID, POLICY, clock));
        assertEquals("key-password", e.parameter());
        assertFalse(e.getMessage().contains("wrong-password"));
    }

    @Test
    void unknownTenantsAreNeverCreatedImplicitly() {
        ManagedDirectoryStore s = store();
        TenantId nobody = TenantId.of("nobody");
        assertTrue(s.keys(nobody).isEmpty());
        assertThrows(UnknownTenantException.class, () -> s.signingKey(nobody));
        assertThrows(UnknownTenantException.class, () -> s.rotate(nobody));
        assertFalse(Files.exists(dir.resolve("nobody.p12")));
        assertEquals(Set.of(), s.tenants());
    }

    @Test
    void filesAreReadableByTheOwnerOnly() throws Exception {
        store().ensureTenant(ACME);
        if (dir.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("acme.p12"))));
        }
        assertFalse(new String(Files.readAllBytes(dir.resolve("acme.p12")), java.nio.charset.StandardCharsets.ISO_8859_1)
                .contains("BEGIN PRIVATE KEY"));
    }

    @Test
    void kidsAreRandomUuidsOrRfc7638Thumbprints() {
        ManagedDirectoryStore uuids = store(KeyType.ED25519, KidStyle.UUID);
        uuids.ensureTenant(ACME);
        PublishedKey k = uuids.keys(ACME).orElseThrow().get(0);
        assertEquals(k.kid(), UUID.fromString(k.kid()).toString());
        assertEquals("EdDSA", k.alg());
        ManagedDirectoryStore prints = store(KeyType.EC_P384, KidStyle.THUMBPRINT);
        prints.ensureTenant(GLOBEX);
        PublishedKey p = prints.keys(GLOBEX).orElseThrow().get(0);
        assertEquals(Thumbprint.of(p.publicKey()), p.kid());
        assertEquals("ES384", p.alg());
        assertEquals(p.kid(), prints.signingKey(GLOBEX).kid());
    }

    @Test
    void scheduledRotationIsPersistedAndDrivenByTheClock() {
        ManagedDirectoryStore s = store();
        s.ensureTenant(ACME);
        String k1 = kids(s, ACME).get(0);
        clock.advance(Duration.ofDays(29).minusSeconds(1));
        assertEquals(List.of(k1), kids(s, ACME));
        clock.advance(Duration.ofSeconds(1));
        List<PublishedKey> keys = s.keys(ACME).orElseThrow();
        assertEquals(List.of(KeyState.ACTIVE, KeyState.PENDING), keys.stream().map(PublishedKey::state).toList());
        String k2 = keys.get(1).kid();
        assertEquals(k1, s.signingKey(ACME).kid(), "a pending key never signs");
        assertEquals(List.of(k1, k2), kids(store(), ACME), "the pending key survives a restart");
        clock.advance(Duration.ofDays(1));
        assertEquals(k2, s.signingKey(ACME).kid());
        assertEquals(List.of(k2, k1), kids(s, ACME));
        assertEquals(KeyState.RETIRED, s.keys(ACME).orElseThrow().get(1).state());
        clock.advance(Duration.ofDays(1).minusSeconds(1));
        assertEquals(List.of(k2, k1), kids(s, ACME));
        clock.advance(Duration.ofSeconds(1));
        assertEquals(List.of(k2), kids(s, ACME));
        assertEquals(List.of(k2), kids(store(), ACME), "removal is persisted");
    }

    @Test
    void explicitRotationPublishesAPendingKeyOnceAndSignsAfterTheLead() {
        ManagedDirectoryStore s = store();
        s.ensureTenant(ACME);
        String k1 = s.signingKey(ACME).kid();
        PublishedKey pending = s.rotate(ACME);
        assertEquals(KeyState.PENDING, pending.state());
        assertEquals(pending.kid(), s.rotate(ACME).kid(), "a second call changes nothing");
        assertEquals(clock.instant().plus(Duration.ofDays(1)), pending.activeFrom());
        assertEquals(k1, s.signingKey(ACME).kid());
        clock.advance(Duration.ofDays(1));
        assertEquals(pending.kid(), s.signingKey(ACME).kid());
        assertNotEquals(k1, pending.kid());
    }

    @Test
    void certificatesCarryTheTenantAndKidAndCoverTheKeysLife() throws Exception {
        ManagedDirectoryStore s = store();
        s.ensureTenant(ACME);
        PublishedKey k = s.keys(ACME).orElseThrow().get(0);
        var cert = k.certificates().get(0);
        assertEquals("CN=acme, OU=" + k.kid(), cert.getSubjectX500Principal().getName(javax.security.auth.x500.X500Principal.RFC1779));
        assertArrayEquals(k.publicKey().getEncoded(), cert.getPublicKey().getEncoded());
        assertEquals(clock.instant(), cert.getNotBefore().toInstant());
        assertEquals(clock.instant().plus(Duration.ofDays(32)), cert.getNotAfter().toInstant());
    }
}
