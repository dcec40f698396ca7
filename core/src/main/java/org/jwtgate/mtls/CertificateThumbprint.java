package org.jwtgate.mtls;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.Base64;

/**
 * The X.509 certificate SHA-256 thumbprint of RFC 8705 §3.1: base64url without padding of the SHA-256
 * of the certificate's DER, the value of a token's {@code cnf.x5t#S256}.
 */
public final class CertificateThumbprint {
    private CertificateThumbprint() {
    }

    /** The thumbprint of a DER-encoded certificate. */
    public static String of(byte[] der) {
        try {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(MessageDigest.getInstance("SHA-256").digest(der));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** The thumbprint of {@code certificate}; null when it cannot be encoded (it then matches nothing). */
    public static String of(X509Certificate certificate) {
        try {
            return of(certificate.getEncoded());
        } catch (CertificateEncodingException e) {
            return null;
        }
    }

    /** Whether {@code a} and {@code b} are the same thumbprint, compared in constant time. */
    static boolean same(String a, String b) {
        return a != null && b != null && MessageDigest.isEqual(a.getBytes(java.nio.charset.StandardCharsets.US_ASCII),
                b.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    }
}
