package org.jwtgate.keys.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.SignatureException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.security.auth.x500.X500Principal;
import org.jwtgate.keys.KeyType;
import org.junit.jupiter.api.Test;

class SelfSignedCertificateTest {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Instant FROM = Instant.parse("2030-01-02T03:04:05.678Z");
    private static final Instant TO = Instant.parse("2031-01-02T03:04:05Z");

    private static KeyPair p521() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp521r1"));
        return g.generateKeyPair();
    }

    @Test
    void everyKeyTypeGetsAV3CertificateTheJdkParsesAndVerifies() throws Exception {
        List<KeyPair> pairs = new ArrayList<>();
        for (KeyType t : List.of(KeyType.RSA_2048, KeyType.EC_P256, KeyType.EC_P384, KeyType.ED25519)) {
            pairs.add(t.generate(RANDOM));
        }
        pairs.add(p521());
        List<String> algs = new ArrayList<>();
        for (KeyPair pair : pairs) {
            X509Certificate cert = SelfSignedCertificate.create(pair, "acme", "kid-1", FROM, TO, RANDOM);
            X509Certificate reparsed = (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(cert.getEncoded()));
            reparsed.verify(pair.getPublic());
            assertEquals(3, reparsed.getVersion());
            assertEquals(pair.getPublic(), reparsed.getPublicKey());
            assertArrayEquals(pair.getPublic().getEncoded(), reparsed.getPublicKey().getEncoded());
            assertEquals(new X500Principal("CN=acme, OU=kid-1"), reparsed.getSubjectX500Principal());
            assertEquals(reparsed.getSubjectX500Principal(), reparsed.getIssuerX500Principal());
            assertEquals(Instant.parse("2030-01-02T03:04:05Z"), reparsed.getNotBefore().toInstant());
            assertEquals(TO, reparsed.getNotAfter().toInstant());
            assertTrue(reparsed.getSerialNumber().signum() > 0);
            assertTrue(reparsed.getSerialNumber().bitLength() <= 159);
            assertEquals(-1, reparsed.getBasicConstraints(), "not a CA");
            assertTrue(reparsed.getKeyUsage()[0], "digitalSignature");
            assertTrue(reparsed.getCriticalExtensionOIDs().containsAll(List.of("2.5.29.19", "2.5.29.15")));
            reparsed.checkValidity(java.util.Date.from(FROM.plusSeconds(60)));
            algs.add(reparsed.getSigAlgName());
        }
        assertEquals(List.of("SHA256withRSA", "SHA256withECDSA", "SHA384withECDSA", "Ed25519", "SHA512withECDSA"), algs);
    }

    @Test
    void serialNumbersAreRandom() throws Exception {
        KeyPair pair = KeyType.EC_P256.generate(RANDOM);
        X509Certificate a = SelfSignedCertificate.create(pair, "acme", "k", FROM, TO, RANDOM);
        X509Certificate b = SelfSignedCertificate.create(pair, "acme", "k", FROM, TO, RANDOM);
        assertTrue(!a.getSerialNumber().equals(b.getSerialNumber()));
    }

    @Test
    void farFutureExpiryUsesGeneralizedTime() throws Exception {
        KeyPair pair = KeyType.EC_P256.generate(RANDOM);
        X509Certificate cert = SelfSignedCertificate.create(pair, "acme", "k", FROM, SelfSignedCertificate.NO_EXPIRY, RANDOM);
        assertEquals(SelfSignedCertificate.NO_EXPIRY, cert.getNotAfter().toInstant());
    }

    @Test
    void aCertificateSignedByAnotherKeyDoesNotVerify() throws Exception {
        KeyPair subject = KeyType.EC_P256.generate(RANDOM);
        KeyPair other = KeyType.EC_P256.generate(RANDOM);
        byte[] der = SelfSignedCertificate.encode(subject.getPublic(), other.getPrivate(), "acme", "k", FROM, TO, RANDOM);
        X509Certificate cert = (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(der));
        assertThrows(SignatureException.class, () -> cert.verify(subject.getPublic()));
        cert.verify(other.getPublic());
    }

    @Test
    void refusesAnEmptyValidity() {
        assertThrows(IllegalArgumentException.class, () -> SelfSignedCertificate.create(KeyType.EC_P256.generate(RANDOM),
                "acme", "k", TO, TO, RANDOM));
    }
}
