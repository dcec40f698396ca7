package org.jwtgate.keys;

import java.security.PrivateKey;
import java.util.Objects;
import org.jwtgate.internal.RecordMethods;

/**
 * A tenant's active signing key, as given to {@link TokenSigner}. {@link #toString()} never shows
 * the private key.
 *
 * @param kid the key id placed in the JWS header (RFC 7515 §4.1.4)
 * @param alg the JWS algorithm (RFC 7515 §4.1.1)
 * @param privateKey the private key
 */
public record SigningKey(String kid, String alg, PrivateKey privateKey) {

    public SigningKey {
        Objects.requireNonNull(kid, "kid");
        Objects.requireNonNull(alg, "alg");
        Objects.requireNonNull(privateKey, "privateKey");
    }

    @Override
    public String toString() {
        return "SigningKey[kid=" + kid + ", alg=" + alg + "]";
    }

    // Written out rather than generated: see "Class loader leaks" in docs/modules.md.
    @Override
    public boolean equals(Object o) {
        return o == this || o instanceof SigningKey that
                && Objects.equals(kid, that.kid)
                && Objects.equals(alg, that.alg)
                && Objects.equals(privateKey, that.privateKey);
    }

    @Override
    public int hashCode() {
        return RecordMethods.hash(kid, alg, privateKey);
    }
}
