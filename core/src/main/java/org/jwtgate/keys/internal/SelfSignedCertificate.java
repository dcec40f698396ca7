package org.jwtgate.keys.internal;

import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.EdECPrivateKey;
import java.security.interfaces.RSAPrivateKey;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import org.jwtgate.internal.RecordMethods;

/**
 * Builds a v3 self-signed X.509 certificate (RFC 5280 §4.1) for a key pair, signed through JCA, so
 * that a published key can carry {@code x5c} (RFC 7517 §4.7). Subject and issuer are
 * {@code CN=<common name>, OU=<unit>}; extensions: basic constraints (not a CA) and key usage
 * digitalSignature, both critical. Signature: SHA256withRSA, SHA256/384/512withECDSA by curve size,
 * or Ed25519.
 */
public final class SelfSignedCertificate {
    /** RFC 5280 §4.1.2.5: "no well-defined expiration date". */
    public static final Instant NO_EXPIRY = Instant.parse("9999-12-31T23:59:59Z");

    private SelfSignedCertificate() {
    }

    /** A signature algorithm: its JCA name, OID, and whether its AlgorithmIdentifier has NULL parameters. */
    private record Alg(String jca, String oid, boolean nullParams) {
        byte[] identifier() {
            return nullParams ? Der.sequence(Der.oid(oid), Der.nul()) : Der.sequence(Der.oid(oid));
        }

        // Written out rather than generated: see "Class loader leaks" in docs/modules.md.
        @Override
        public boolean equals(Object o) {
            return o == this || o instanceof Alg that
                    && Objects.equals(jca, that.jca)
                    && Objects.equals(oid, that.oid)
                    && nullParams == that.nullParams;
        }

        @Override
        public int hashCode() {
            return RecordMethods.hash(jca, oid, nullParams);
        }

        @Override
        public String toString() {
            return RecordMethods.toString(this);
        }
    }

    private static Alg algFor(PrivateKey key) {
        if (key instanceof RSAPrivateKey) {
            return new Alg("SHA256withRSA", "1.2.840.113549.1.1.11", true);
        }
        if (key instanceof ECPrivateKey ec) {
            int bits = ec.getParams().getCurve().getField().getFieldSize();
            return bits <= 256 ? new Alg("SHA256withECDSA", "1.2.840.10045.4.3.2", false)
                    : bits <= 384 ? new Alg("SHA384withECDSA", "1.2.840.10045.4.3.3", false)
                    : new Alg("SHA512withECDSA", "1.2.840.10045.4.3.4", false);
        }
        if (key instanceof EdECPrivateKey ed && "Ed25519".equalsIgnoreCase(ed.getParams().getName())) {
            return new Alg("Ed25519", "1.3.101.112", false);
        }
        throw new IllegalArgumentException("unsupported key type for a certificate: " + key.getAlgorithm());
    }

    /**
     * Creates the certificate, parses it with the JDK's {@code CertificateFactory} and verifies its
     * signature. Times are truncated to seconds; {@code notAfter} after {@code notBefore}.
     */
    public static X509Certificate create(KeyPair keys, String commonName, String unit, Instant notBefore,
            Instant notAfter, SecureRandom random) throws GeneralSecurityException {
        byte[] der = encode(keys.getPublic(), keys.getPrivate(), commonName, unit, notBefore, notAfter, random);
        X509Certificate cert = (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(der));
        cert.verify(keys.getPublic());
        return cert;
    }

    /**
     * The DER of a certificate for {@code subjectKey} signed by {@code signingKey} (normally its own
     * private key; a different one only in tests that need a certificate for an unusable key).
     */
    public static byte[] encode(PublicKey subjectKey, PrivateKey signingKey, String commonName, String unit,
            Instant notBefore, Instant notAfter, SecureRandom random) throws GeneralSecurityException {
        return encode(subjectKey, commonName, unit, signingKey, commonName, unit, notBefore, notAfter, random);
    }

    /**
     * The DER of a certificate for {@code subjectKey} named {@code CN=commonName, OU=unit}, issued by
     * {@code CN=issuerCommonName, OU=issuerUnit} and signed by {@code signingKey}, whose type decides
     * the signature algorithm.
     */
    public static byte[] encode(PublicKey subjectKey, String commonName, String unit, PrivateKey signingKey,
            String issuerCommonName, String issuerUnit, Instant notBefore, Instant notAfter, SecureRandom random)
            throws GeneralSecurityException {
        Instant from = notBefore.truncatedTo(ChronoUnit.SECONDS);
        Instant to = notAfter.truncatedTo(ChronoUnit.SECONDS);
        if (!to.isAfter(from)) {
            throw new IllegalArgumentException("notAfter must be after notBefore");
        }
        Alg alg = algFor(signingKey);
        byte[] serial = new byte[16];
        random.nextBytes(serial);
        serial[0] = (byte) ((serial[0] & 0x7F) | 0x40); // positive, 16 bytes, never zero (RFC 5280 §4.1.2.2)
        byte[] subject = name(commonName, unit);
        byte[] extensions = Der.explicit(3, Der.sequence(
                Der.sequence(Der.oid("2.5.29.19"), Der.bool(true), Der.octetString(Der.sequence())),
                Der.sequence(Der.oid("2.5.29.15"), Der.bool(true),
                        Der.octetString(Der.bitString(new byte[] {(byte) 0x80}, 7)))));
        byte[] tbs = Der.sequence(
                Der.explicit(0, Der.integer(BigInteger.TWO)),
                Der.integer(new BigInteger(1, serial)),
                alg.identifier(),
                name(issuerCommonName, issuerUnit),
                Der.sequence(Der.time(from), Der.time(to)),
                subject,
                subjectKey.getEncoded(),
                extensions);
        byte[] signature = sign(alg.jca(), signingKey, tbs);
        return Der.sequence(tbs, alg.identifier(), Der.bitString(signature, 0));
    }

    /** Most general first, so that it reads "CN=<common name>, OU=<unit>" (RFC 4514). */
    private static byte[] name(String commonName, String unit) {
        return Der.sequence(
                Der.set(Der.sequence(Der.oid("2.5.4.11"), Der.utf8String(unit))),
                Der.set(Der.sequence(Der.oid("2.5.4.3"), Der.utf8String(commonName))));
    }

    private static byte[] sign(String algorithm, PrivateKey key, byte[] data) throws GeneralSecurityException {
        Signature s = Signature.getInstance(algorithm);
        s.initSign(key);
        s.update(data);
        return s.sign();
    }
}
