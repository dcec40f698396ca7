package org.jwtgate.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.RSAKeyGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.security.cert.X509Certificate;
import org.jwtgate.LogCapture;
import org.jwtgate.config.ConfigException;
import org.jwtgate.keys.internal.Thumbprint;
import org.jwtgate.tenant.TenantId;
import org.jwtgate.testing.MutableClock;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReadOnlyKeystoreStoreTest {
    private static final String PASSWORD = "Tr0ub4dor";
    private static KeyPair rsa;
    private static KeyPair ec;
    private static KeyPair ec2;

    @TempDir
    Path dir;

    private final MutableClock clock = MutableClock.startingNow();
    private Instant now;

    @BeforeAll
    static void keys() throws Exception {
        rsa = KeyType.RSA_2048.generate(KeystoreFiles.RANDOM);
        ec = KeyType.EC_P256.generate(KeystoreFiles.RANDOM);
        ec2 = KeyType.EC_P256.generate(KeystoreFiles.RANDOM);
    }

    private ReadOnlyKeystoreStore load(Path file, String type) {
        return ReadOnlyKeystoreStore.load(file, type, PASSWORD, clock);
    }

    private ConfigException refused(KeystoreFiles files) throws Exception {
        Path file = files.write(dir.resolve("bad.p12"));
        ConfigException e = assertThrows(ConfigException.class, () -> load(file, "PKCS12"));
        assertFalse(e.getMessage().contains(PASSWORD), e.getMessage());
        return e;
    }

    @Test
    void aliasesMapToTenantsAndChainsBecomeX5c() throws Exception {
        now = clock.instant();
        X509Certificate issuer = KeystoreFiles.cert(ec2, "ca", now.minusSeconds(60));
        X509Certificate leaf = KeystoreFiles.issued(ec.getPublic(), "globex", ec2.getPrivate(), "ca");
        Path file = new KeystoreFiles("PKCS12", PASSWORD)
                .key("acme", rsa, now.minusSeconds(60))
                .key("globex", ec.getPrivate(), leaf, issuer)
                .certificate("initech", KeystoreFiles.cert(ec2, "initech", now.minusSeconds(60)))
                .write(dir.resolve("keys.p12"));
        ReadOnlyKeystoreStore s = load(file, "PKCS12");
        assertEquals(Set.of(TenantId.of("acme"), TenantId.of("globex"), TenantId.of("initech")), s.tenants());
        PublishedKey acme = s.keys(TenantId.of("acme")).orElseThrow().get(0);
        assertEquals(Thumbprint.of(rsa.getPublic()), acme.kid(), "stable RFC 7638 kid");
        assertEquals(KeyState.ACTIVE, acme.state());
        assertEquals("RS256", acme.alg());
        assertEquals(List.of(leaf, issuer), s.keys(TenantId.of("globex")).orElseThrow().get(0).certificates());
        assertEquals("ES256", s.signingKey(TenantId.of("globex")).alg());
        assertEquals(acme.kid(), s.signingKey(TenantId.of("acme")).kid());
        TenantKeyException certOnly = assertThrows(TenantKeyException.class, () -> s.signingKey(TenantId.of("initech")));
        assertTrue(certOnly.getMessage().contains("cannot sign"));
        assertTrue(s.keys(TenantId.of("nobody")).isEmpty());
        assertThrows(UnknownTenantException.class, () -> s.signingKey(TenantId.of("nobody")));
        assertThrows(UnsupportedOperationException.class, () -> s.rotate(TenantId.of("acme")));
        assertThrows(UnsupportedOperationException.class, () -> s.ensureTenant(TenantId.of("nobody")));
        assertFalse(s.ensureTenant(TenantId.of("acme")));
    }

    @Test
    void jksWorksToo() throws Exception {
        Path file = new KeystoreFiles("JKS", PASSWORD).key("acme", ec, clock.instant()).write(dir.resolve("keys.jks"));
        assertEquals(Thumbprint.of(ec.getPublic()), load(file, "JKS").signingKey(TenantId.of("acme")).kid());
    }

    @Test
    void secretKeysAreSkippedAndReported() throws Exception {
        Path file = new KeystoreFiles("PKCS12", PASSWORD).key("acme", ec, clock.instant()).secret("acme.hmac", new byte[32])
                .write(dir.resolve("keys.p12"));
        try (LogCapture log = new LogCapture()) {
            ReadOnlyKeystoreStore s = load(file, "PKCS12");
            assertEquals(1, s.keys(TenantId.of("acme")).orElseThrow().size());
            assertTrue(log.all().contains("'acme.hmac'") && log.all().contains("secret key"), log.all());
        }
    }

    @Test
    void aFutureCertificatePrePublishesTheNextKey() throws Exception {
        Instant t = clock.instant();
        Path file = new KeystoreFiles("PKCS12", PASSWORD).key("acme.2024", ec, t.minus(Duration.ofDays(10)))
                .key("acme.2025", ec2, t.plus(Duration.ofDays(1))).write(dir.resolve("keys.p12"));
        ReadOnlyKeystoreStore s = load(file, "PKCS12");
        TenantId acme = TenantId.of("acme");
        assertEquals(List.of(KeyState.ACTIVE, KeyState.PENDING), s.keys(acme).orElseThrow().stream().map(PublishedKey::state).toList());
        assertEquals(Thumbprint.of(ec.getPublic()), s.signingKey(acme).kid());
        clock.advance(Duration.ofDays(1));
        assertEquals(Thumbprint.of(ec2.getPublic()), s.signingKey(acme).kid());
        assertEquals(List.of(KeyState.ACTIVE, KeyState.RETIRED), s.keys(acme).orElseThrow().stream().map(PublishedKey::state).toList());
    }

    @Test
    void shortRsaKeysAreRefusedNamingTheAlias() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(1024);
        ConfigException e = refused(new KeystoreFiles("PKCS12", PASSWORD).key("acme", ec, clock.instant())
                .key("legacy", g.generateKeyPair(), clock.instant()));
        assertEquals("keystore-path", e.parameter());
        assertTrue(e.getMessage().contains("alias 'legacy'") && e.getMessage().contains("1024 bits"), e.getMessage());
    }

    @Test
    void tinyRsaExponentsAreRefused() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(new RSAKeyGenParameterSpec(2048, BigInteger.valueOf(3)));
        ConfigException e = refused(new KeystoreFiles("PKCS12", PASSWORD).key("acme", g.generateKeyPair(), clock.instant()));
        assertTrue(e.getMessage().contains("alias 'acme'") && e.getMessage().contains("exponent"), e.getMessage());
    }

    @Test
    void ecPointsOffTheCurveAreRefused() throws Exception {
        ECPublicKey good = (ECPublicKey) ec.getPublic();
        ECPoint w = good.getW();
        PublicKey off = KeyFactory.getInstance("EC").generatePublic(
                new ECPublicKeySpec(new ECPoint(w.getAffineX().add(BigInteger.ONE), w.getAffineY()), good.getParams()));
        ConfigException e = refused(new KeystoreFiles("PKCS12", PASSWORD)
                .certificate("acme", KeystoreFiles.foreignCert(off, ec2.getPrivate(), clock.instant())));
        assertTrue(e.getMessage().contains("alias 'acme'") && e.getMessage().contains("not on P-256"), e.getMessage());
    }

    @Test
    void aPrivateKeyThatDoesNotMatchItsCertificateIsRefused() throws Exception {
        ConfigException e = refused(new KeystoreFiles("PKCS12", PASSWORD)
                .key("acme", ec2.getPrivate(), KeystoreFiles.cert(ec, "acme", clock.instant())));
        assertTrue(e.getMessage().contains("does not match"), e.getMessage());
    }

    @Test
    void aliasesThatAreNotTenantIdsAreRefused() throws Exception {
        ConfigException e = refused(new KeystoreFiles("PKCS12", PASSWORD).key("-tls", ec, clock.instant()));
        assertTrue(e.getMessage().contains("alias '-tls'"), e.getMessage());
    }

    @Test
    void aWrongPasswordIsReportedWithoutShowingIt() throws Exception {
        Path file = new KeystoreFiles("PKCS12", "c0rrect-h0rse").key("acme", ec, clock.instant()).write(dir.resolve("k.p12"));
        ConfigException e = assertThrows(ConfigException.class, () -> load(file, "PKCS12"));
        assertEquals("keystore-password", e.parameter());
        assertFalse(e.getMessage().contains(PASSWORD) || e.getMessage().contains("c0rrect-h0rse"), e.getMessage());
        ConfigException missing = assertThrows(ConfigException.class, () -> load(dir.resolve("missing.p12"), "PKCS12"));
        assertEquals("keystore-path", missing.parameter());
    }
}
