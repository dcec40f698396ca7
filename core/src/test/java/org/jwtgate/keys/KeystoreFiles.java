package org.jwtgate.keys;

import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import javax.crypto.spec.SecretKeySpec;
import org.jwtgate.keys.internal.SelfSignedCertificate;

/** Builds key store files the way an operator would (keytool-like), for the read-only store's tests. */
final class KeystoreFiles {
    static final SecureRandom RANDOM = new SecureRandom();
    private final KeyStore ks;
    private final char[] password;

    KeystoreFiles(String type, String password) throws Exception {
        this.ks = KeyStore.getInstance(type);
        ks.load(null, null);
        this.password = password.toCharArray();
    }

    static X509Certificate cert(KeyPair pair, String cn, Instant notBefore) throws Exception {
        return SelfSignedCertificate.create(pair, cn, "test", notBefore, notBefore.plus(Duration.ofDays(365)), RANDOM);
    }

    /** A certificate for {@code subject}'s public key signed by {@code signer}: parses, but is not self-verifying. */
    static X509Certificate foreignCert(java.security.PublicKey subject, PrivateKey signer, Instant notBefore) throws Exception {
        byte[] der = SelfSignedCertificate.encode(subject, signer, "odd", "test", notBefore, notBefore.plus(Duration.ofDays(1)), RANDOM);
        return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der));
    }

    /** A certificate for {@code subject} issued by {@code CN=issuerName, OU=test} with its key. */
    static X509Certificate issued(java.security.PublicKey subject, String name, PrivateKey issuerKey, String issuerName)
            throws Exception {
        Instant now = Instant.now();
        byte[] der = SelfSignedCertificate.encode(subject, name, "test", issuerKey, issuerName, "test", now.minusSeconds(60),
                now.plus(Duration.ofDays(1)), RANDOM);
        return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der));
    }

    KeystoreFiles key(String alias, PrivateKey key, X509Certificate... chain) throws Exception {
        ks.setKeyEntry(alias, key, password, chain.length == 0 ? null : (Certificate[]) chain);
        return this;
    }

    KeystoreFiles key(String alias, KeyPair pair, Instant notBefore) throws Exception {
        return key(alias, pair.getPrivate(), cert(pair, alias, notBefore));
    }

    KeystoreFiles certificate(String alias, X509Certificate cert) throws Exception {
        ks.setCertificateEntry(alias, cert);
        return this;
    }

    KeystoreFiles secret(String alias, byte[] key) throws Exception {
        ks.setEntry(alias, new KeyStore.SecretKeyEntry(new SecretKeySpec(key, "HmacSHA256")),
                new KeyStore.PasswordProtection(password));
        return this;
    }

    Path write(Path file) throws Exception {
        try (OutputStream out = Files.newOutputStream(file)) {
            ks.store(out, password);
        }
        return file;
    }
}
