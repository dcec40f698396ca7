package org.jwtgate.keys;

import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jwtgate.internal.RecordMethods;

/**
 * One key of a tenant's published set: public parts only, never a private key.
 *
 * @param kid the key id, unique within the tenant (RFC 7517 §4.5)
 * @param alg the JWS algorithm the key signs with (RFC 7517 §4.4)
 * @param state where the key is in its life
 * @param publicKey the public key, rendered into the JWK's public members
 * @param certificates the certificate chain, leaf first, rendered as {@code x5c} (RFC 7517 §4.7); may be empty
 * @param activeFrom when the key starts (or started) signing
 * @param retiredAt when a retired key stopped signing
 */
public record PublishedKey(String kid, String alg, KeyState state, PublicKey publicKey,
        List<X509Certificate> certificates, Instant activeFrom, Optional<Instant> retiredAt) {

    public PublishedKey {
        Objects.requireNonNull(kid, "kid");
        Objects.requireNonNull(alg, "alg");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(publicKey, "publicKey");
        certificates = List.copyOf(certificates);
        Objects.requireNonNull(activeFrom, "activeFrom");
        Objects.requireNonNull(retiredAt, "retiredAt");
    }

    @Override
    public String toString() {
        return "PublishedKey[kid=" + kid + ", alg=" + alg + ", state=" + state + ", activeFrom=" + activeFrom
                + retiredAt.map(r -> ", retiredAt=" + r).orElse("") + "]";
    }

    // Written out rather than generated: see "Class loader leaks" in docs/modules.md.
    @Override
    public boolean equals(Object o) {
        return o == this || o instanceof PublishedKey that
                && Objects.equals(kid, that.kid)
                && Objects.equals(alg, that.alg)
                && Objects.equals(state, that.state)
                && Objects.equals(publicKey, that.publicKey)
                && Objects.equals(certificates, that.certificates)
                && Objects.equals(activeFrom, that.activeFrom)
                && Objects.equals(retiredAt, that.retiredAt);
    }

    @Override
    public int hashCode() {
        return RecordMethods.hash(kid, alg, state, publicKey, certificates, activeFrom, retiredAt);
    }
}
