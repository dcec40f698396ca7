package org.jwtgate.keys;

/** How the {@code kid} (RFC 7517 §4.5) of a generated key is chosen ({@code kid-style}). */
public enum KidStyle {
    /** A random UUID, as identity products do. */
    UUID,
    /** The key's RFC 7638 JWK thumbprint (SHA-256, base64url): derived from the public key alone. */
    THUMBPRINT
}
