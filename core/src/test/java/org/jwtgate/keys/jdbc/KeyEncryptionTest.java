package org.jwtgate.keys.jdbc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.crypto.AEADBadTagException;
import javax.crypto.spec.SecretKeySpec;
import org.jwtgate.config.ConfigException;
import org.jwtgate.keys.PublisherParameters;
import org.jwtgate.tenant.TenantId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyEncryptionTest {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final TenantId ACME = TenantId.of("acme");
    private static final TenantId GLOBEX = TenantId.of("globex");
    private static final byte[] CERT = "certificate DER".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SECRET = "a PKCS#8 private key".getBytes(StandardCharsets.US_ASCII);

    @TempDir
    Path dir;

    private static byte[] key() {
        byte[] k = new byte[32];
        RANDOM.nextBytes(k);
        return k;
    }

    private static String b64(byte[] k) {
        return Base64.getEncoder().encodeToString(k);
    }

    @Test
    void sealsWithAFreshIvAndOpensOnlyForTheSameTenantKidAndCertificate() throws Exception {
        KeyEncryption e = KeyEncryption.of(Map.of("k1", key()));
        KeyEncryption.Sealed a = e.seal(ACME, "kid-1", CERT, SECRET);
        KeyEncryption.Sealed b = e.seal(ACME, "kid-1", CERT, SECRET);
        assertEquals("k1", a.kekId());
        assertEquals(12 + SECRET.length + 16, a.data().length);
        assertFalse(Arrays.equals(Arrays.copyOf(a.data(), 12), Arrays.copyOf(b.data(), 12)), "a fresh IV per record");
        assertArrayEquals(SECRET, e.open(ACME, "kid-1", CERT, a));
        assertThrows(AEADBadTagException.class, () -> e.open(GLOBEX, "kid-1", CERT, a));
        assertThrows(AEADBadTagException.class, () -> e.open(ACME, "kid-2", CERT, a));
        assertThrows(AEADBadTagException.class, () -> e.open(ACME, "kid-1", "other".getBytes(StandardCharsets.US_ASCII), a));
        byte[] flipped = a.data();
        flipped[20] ^= 1;
        assertThrows(AEADBadTagException.class, () -> e.open(ACME, "kid-1", CERT, new KeyEncryption.Sealed("k1", flipped)));
        assertThrows(GeneralSecurityException.class, () -> e.open(ACME, "kid-1", CERT,
                new KeyEncryption.Sealed("k1", new byte[5])));
    }

    @Test
    void theFirstKekEncryptsEveryKekDecryptsAndAWrongOrUnknownOneFails() throws Exception {
        byte[] k1 = key();
        byte[] k2 = key();
        KeyEncryption old = KeyEncryption.of(Map.of("k1", k1));
        KeyEncryption.Sealed sealedOld = old.seal(ACME, "kid", CERT, SECRET);
        KeyEncryption both = KeyEncryption.parse("k2:" + b64(k2) + ", k1:" + b64(k1), Optional.empty(), Optional.empty());
        assertEquals("k2", both.primaryId());
        assertEquals(List.of("k2", "k1"), List.copyOf(both.ids()));
        assertArrayEquals(SECRET, both.open(ACME, "kid", CERT, sealedOld));
        assertEquals("k2", both.seal(ACME, "kid", CERT, SECRET).kekId());
        KeyEncryption.UnknownKekException unknown = assertThrows(KeyEncryption.UnknownKekException.class,
                () -> KeyEncryption.of(Map.of("k2", k2)).open(ACME, "kid", CERT, sealedOld));
        assertEquals("k1", unknown.kekId());
        assertThrows(AEADBadTagException.class, () -> KeyEncryption.of(Map.of("k1", key())).open(ACME, "kid", CERT, sealedOld));
        assertFalse(both.toString().contains(b64(k1)));
    }

    @Test
    void badConfigurationNamesTheParameterAndNeverShowsKeyMaterial() {
        String secret = b64(Arrays.copyOf(key(), 16));
        for (String value : List.of("", "k1:" + secret, "k1:not*base64", "bad id:" + b64(key()), secret,
                "k1:" + b64(key()) + " k1:" + b64(key()))) {
            ConfigException e = assertThrows(ConfigException.class,
                    () -> KeyEncryption.parse(value, Optional.empty(), Optional.empty()), value);
            assertEquals(PublisherParameters.KEY_ENCRYPTION_KEYS, e.parameter(), value);
            assertFalse(e.getMessage().contains(secret), e.getMessage());
        }
        assertThrows(ConfigException.class, () -> KeyEncryption.checkSyntax("k1:" + secret, false));
        KeyEncryption.checkSyntax("k1:" + b64(key()) + " alias-only", true);
        assertThrows(ConfigException.class, () -> KeyEncryption.checkSyntax("alias-only", false));
    }

    @Test
    void aliasesAreAes256SecretKeyEntriesOfAPkcs12File() throws Exception {
        byte[] k1 = key();
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        KeyStore.PasswordProtection pw = new KeyStore.PasswordProtection("kspass".toCharArray());
        ks.setEntry("kek-2025", new KeyStore.SecretKeyEntry(new SecretKeySpec(k1, "AES")), pw);
        ks.setEntry("short", new KeyStore.SecretKeyEntry(new SecretKeySpec(Arrays.copyOf(k1, 16), "AES")), pw);
        Path file = dir.resolve("keks.p12");
        try (OutputStream out = Files.newOutputStream(file)) {
            ks.store(out, "kspass".toCharArray());
        }
        KeyEncryption fromFile = KeyEncryption.parse("kek-2025", Optional.of(file), Optional.of("kspass"));
        assertEquals(Set.of("kek-2025"), fromFile.ids());
        KeyEncryption.Sealed sealed = KeyEncryption.of(Map.of("kek-2025", k1)).seal(ACME, "kid", CERT, SECRET);
        assertArrayEquals(SECRET, fromFile.open(ACME, "kid", CERT, sealed));
        assertEquals(List.of("new", "kek-2025"), List.copyOf(KeyEncryption.parse("new:" + b64(key()) + " kek-2025",
                Optional.of(file), Optional.of("kspass")).ids()));
        ConfigException missing = assertThrows(ConfigException.class,
                () -> KeyEncryption.parse("nope", Optional.of(file), Optional.of("kspass")));
        assertEquals(PublisherParameters.KEY_ENCRYPTION_KEYS, missing.parameter());
        assertThrows(ConfigException.class, () -> KeyEncryption.parse("short", Optional.of(file), Optional.of("kspass")));
        ConfigException password = assertThrows(ConfigException.class,
                () -> KeyEncryption.parse("kek-2025", Optional.of(file), Optional.of("wrong")));
        assertEquals(PublisherParameters.KEY_ENCRYPTION_KEYSTORE, password.parameter());
        assertFalse(password.getMessage().contains("wrong"));
    }
}
