package org.jwtgate.config;

/**
 * Which tokens must be bound to the client's TLS certificate (RFC 8705 §3): parameter
 * {@code mtls-bound-tokens}. Whatever the mode, a token with {@code cnf.x5t#S256} is accepted only
 * with the certificate it names.
 */
public enum MtlsMode {
    /** Certificate-bound tokens are checked, unbound ones accepted. The default. */
    ALLOWED,
    /** Every token must be certificate-bound (and presented with its certificate). */
    REQUIRED
}
