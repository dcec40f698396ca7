package org.jwtgate.crypto;

import java.security.Key;
import java.security.interfaces.EdECKey;
import java.security.interfaces.RSAKey;

/**
 * The one length a JWS signature has for its algorithm and key, checked before any engine verifies:
 * engines differ on signatures of the wrong length (the JDK's EdDSA takes an Ed25519 signature with one
 * zero byte appended, AWS-LC does not), so jwtgate refuses them on all, for tokens and DPoP proofs alike.
 */
public final class SignatureLength {
    private SignatureLength() {
    }

    /**
     * Whether {@code length} is the one length a JWS signature of {@code alg} with {@code key} has: the RSA
     * modulus' bytes (RFC 8017 §8.1.2, §8.2.2), r||s of the curve's size (RFC 7518 §3.4), 64 bytes for
     * Ed25519 and 114 for Ed448 (RFC 8032 §5.1.7, §5.2.7). {@code true} for anything else, which jose4j
     * then refuses as before.
     */
    public static boolean exact(String alg, Key key, int length) {
        if (alg == null) {
            return true;
        }
        switch (alg) {
            case "RS256", "RS384", "RS512", "PS256", "PS384", "PS512":
                return !(key instanceof RSAKey rsa) || length == (rsa.getModulus().bitLength() + 7) / 8;
            case "ES256":
                return length == 64;
            case "ES384":
                return length == 96;
            case "ES512":
                return length == 132;
            case "EdDSA":
                if (key instanceof EdECKey ed) {
                    return length == ("Ed448".equalsIgnoreCase(ed.getParams().getName()) ? 114 : 64);
                }
                return true;
            default:
                return true;
        }
    }
}
