package org.jwtgate.testing;

import java.math.BigInteger;
import java.net.InetAddress;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * X.509 certificates made at run time for TLS tests with client certificates (RFC 8705): a certificate
 * authority, and server and client certificates it issues (EC P-256, SHA256withECDSA, valid from an
 * hour ago for a day). A server certificate names {@code 127.0.0.1} and {@code localhost}.
 *
 * <pre>{@code
 * TestCertificates.Authority ca = TestCertificates.authority("test CA");
 * TestCertificates.Issued server = ca.issue("server"), alice = ca.issue("alice");
 * // server: server.keyStore(PASSWORD), ca.trustStore(), client auth "want"
 * String token = issuer.minter().claim("cnf", TestCertificates.confirmation(alice.certificate())).sign();
 * SSLContext tls = TestCertificates.client(ca, alice);
 * }</pre>
 */
public final class TestCertificates {
    private static final SecureRandom RANDOM = new SecureRandom();

    private TestCertificates() {
    }

    /** A certificate and its private key, issued by {@code authority} (itself for an authority). */
    public record Issued(PrivateKey key, X509Certificate certificate, X509Certificate authority) {
        /** A PKCS12 key store holding the key under alias {@code key}, with the chain to the authority. */
        public KeyStore keyStore(char[] password) {
            try {
                KeyStore ks = KeyStore.getInstance("PKCS12");
                ks.load(null, null);
                ks.setKeyEntry("key", key, password, new java.security.cert.Certificate[] {certificate, authority});
                return ks;
            } catch (GeneralSecurityException | java.io.IOException e) {
                throw new IllegalStateException("cannot build a key store", e);
            }
        }

        /** The certificate's DER. */
        public byte[] der() {
            try {
                return certificate.getEncoded();
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** A certificate authority that issues certificates. */
    public static final class Authority {
        private final Issued self;

        private Authority(Issued self) {
            this.self = self;
        }

        /** The authority's own (self-signed) certificate. */
        public X509Certificate certificate() {
            return self.certificate();
        }

        /** A key store that trusts this authority only (alias {@code ca}). */
        public KeyStore trustStore() {
            try {
                KeyStore ks = KeyStore.getInstance("PKCS12");
                ks.load(null, null);
                ks.setCertificateEntry("ca", self.certificate());
                return ks;
            } catch (GeneralSecurityException | java.io.IOException e) {
                throw new IllegalStateException("cannot build a trust store", e);
            }
        }

        /** A certificate for TLS servers and clients named {@code CN=commonName}, with a fresh key. */
        public Issued issue(String commonName) {
            KeyPair keys = ecKeys();
            byte[] der = TestCertificates.certificate(keys.getPublic(), commonName, self.key(), self.certificate(), false);
            return new Issued(keys.getPrivate(), parse(der), self.certificate());
        }
    }

    /** A new certificate authority named {@code CN=commonName}. */
    public static Authority authority(String commonName) {
        KeyPair keys = ecKeys();
        byte[] der = certificate(keys.getPublic(), commonName, keys.getPrivate(), null, true);
        X509Certificate cert = parse(der);
        return new Authority(new Issued(keys.getPrivate(), cert, cert));
    }

    /** The confirmation claim of a token bound to {@code certificate}: {@code {"x5t#S256": thumbprint}} (RFC 8705 §3.1). */
    public static Map<String, Object> confirmation(X509Certificate certificate) {
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded());
            return Map.of("x5t#S256", java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(digest));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A TLS client context that trusts {@code authority} and presents {@code client}'s certificate (none when
     * {@code client} is null).
     */
    public static SSLContext client(Authority authority, Issued client) {
        try {
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(authority.trustStore());
            KeyManagerFactory keys = null;
            if (client != null) {
                char[] password = "client".toCharArray();
                keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                keys.init(client.keyStore(password), password);
            }
            SSLContext tls = SSLContext.getInstance("TLS");
            tls.init(keys == null ? null : keys.getKeyManagers(), trust.getTrustManagers(), RANDOM);
            return tls;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot build a TLS context", e);
        }
    }

    private static KeyPair ecKeys() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static X509Certificate parse(byte[] der) {
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(new java.io.ByteArrayInputStream(der));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    // RFC 5280 §4.1: a v3 certificate; an authority's with basicConstraints cA and keyCertSign, a leaf's for
    // TLS servers and clients (digitalSignature, serverAuth and clientAuth, names 127.0.0.1 and localhost).
    private static byte[] certificate(PublicKey subjectKey, String commonName, PrivateKey issuerKey, X509Certificate issuer,
            boolean authority) {
        try {
            byte[] alg = Der.sequence(Der.oid("1.2.840.10045.4.3.2"));
            byte[] serial = new byte[16];
            RANDOM.nextBytes(serial);
            serial[0] = (byte) ((serial[0] & 0x7F) | 0x40);
            byte[] subject = Der.sequence(Der.set(Der.sequence(Der.oid("2.5.4.3"), Der.utf8String(commonName))));
            byte[] issuerName = issuer == null ? subject : issuer.getSubjectX500Principal().getEncoded();
            Instant from = Instant.now().minus(Duration.ofHours(1)).truncatedTo(ChronoUnit.SECONDS);
            byte[] extensions;
            if (authority) {
                extensions = Der.sequence(
                        Der.sequence(Der.oid("2.5.29.19"), Der.bool(true), Der.octetString(Der.sequence(Der.bool(true)))),
                        Der.sequence(Der.oid("2.5.29.15"), Der.bool(true), Der.octetString(Der.bitString(new byte[] {0x06}, 1))));
            } else {
                byte[] names = Der.sequence(Der.tlv(0x87, InetAddress.getByName("127.0.0.1").getAddress()),
                        Der.tlv(0x82, "localhost".getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
                extensions = Der.sequence(
                        Der.sequence(Der.oid("2.5.29.19"), Der.bool(true), Der.octetString(Der.sequence())),
                        Der.sequence(Der.oid("2.5.29.15"), Der.bool(true), Der.octetString(Der.bitString(new byte[] {(byte) 0x80}, 7))),
                        Der.sequence(Der.oid("2.5.29.37"), Der.octetString(Der.sequence(Der.oid("1.3.6.1.5.5.7.3.1"),
                                Der.oid("1.3.6.1.5.5.7.3.2")))),
                        Der.sequence(Der.oid("2.5.29.17"), Der.octetString(names)));
            }
            byte[] tbs = Der.sequence(
                    Der.explicit(0, Der.integer(BigInteger.TWO)),
                    Der.integer(new BigInteger(1, serial)),
                    alg,
                    issuerName,
                    Der.sequence(Der.time(from), Der.time(from.plus(Duration.ofDays(1)))),
                    subject,
                    subjectKey.getEncoded(),
                    Der.explicit(3, extensions));
            Signature s = Signature.getInstance("SHA256withECDSA");
            s.initSign(issuerKey);
            s.update(tbs);
            return Der.sequence(tbs, alg, Der.bitString(s.sign(), 0));
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new IllegalStateException("cannot make a certificate", e);
        }
    }

    /** The few DER (X.690) encodings a certificate needs. */
    private static final class Der {
        static byte[] tlv(int tag, byte[] content) {
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(content.length + 6);
            out.write(tag);
            int n = content.length;
            if (n < 0x80) {
                out.write(n);
            } else {
                int bytes = (32 - Integer.numberOfLeadingZeros(n) + 7) / 8;
                out.write(0x80 | bytes);
                for (int i = bytes - 1; i >= 0; i--) {
                    out.write(n >>> (8 * i));
                }
            }
            out.writeBytes(content);
            return out.toByteArray();
        }

        static byte[] sequence(byte[]... parts) {
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            for (byte[] p : parts) {
                out.writeBytes(p);
            }
            return tlv(0x30, out.toByteArray());
        }

        static byte[] set(byte[] one) {
            return tlv(0x31, one);
        }

        static byte[] explicit(int n, byte[] content) {
            return tlv(0xA0 | n, content);
        }

        static byte[] integer(BigInteger v) {
            return tlv(0x02, v.toByteArray());
        }

        static byte[] bool(boolean v) {
            return tlv(0x01, new byte[] {(byte) (v ? 0xFF : 0)});
        }

        static byte[] octetString(byte[] v) {
            return tlv(0x04, v);
        }

        static byte[] bitString(byte[] v, int unusedBits) {
            byte[] content = new byte[v.length + 1];
            content[0] = (byte) unusedBits;
            System.arraycopy(v, 0, content, 1, v.length);
            return tlv(0x03, content);
        }

        static byte[] utf8String(String v) {
            return tlv(0x0C, v.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }

        static byte[] oid(String dotted) {
            String[] arcs = dotted.split("\\.");
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            out.write(Integer.parseInt(arcs[0]) * 40 + Integer.parseInt(arcs[1]));
            for (int i = 2; i < arcs.length; i++) {
                long arc = Long.parseLong(arcs[i]);
                int groups = Math.max(1, (64 - Long.numberOfLeadingZeros(arc) + 6) / 7);
                for (int g = groups - 1; g >= 0; g--) {
                    out.write((int) ((arc >>> (7 * g)) & 0x7F) | (g > 0 ? 0x80 : 0));
                }
            }
            return tlv(0x06, out.toByteArray());
        }

        // UTCTime through 2049, GeneralizedTime after (RFC 5280 §4.1.2.5)
        static byte[] time(Instant t) {
            java.time.ZonedDateTime z = t.atZone(java.time.ZoneOffset.UTC);
            boolean utc = z.getYear() < 2050;
            String text = java.time.format.DateTimeFormatter.ofPattern(utc ? "yyMMddHHmmss'Z'" : "yyyyMMddHHmmss'Z'").format(z);
            return tlv(utc ? 0x17 : 0x18, text.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        }
    }
}
