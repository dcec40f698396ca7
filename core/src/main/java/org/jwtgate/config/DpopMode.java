package org.jwtgate.config;

/**
 * Whether an engine takes DPoP-bound tokens (RFC 9449): parameter {@code dpop}. Whatever the mode, a
 * token bound to a key ({@code cnf.jkt}) is never accepted with the Bearer scheme.
 */
public enum DpopMode {
    /** Only {@code Authorization: Bearer}; {@code Authorization: DPoP} is another scheme (no credentials). The default. */
    OFF,
    /** Bearer tokens, and DPoP-bound tokens with a valid proof; both challenges are offered. */
    ALLOWED,
    /** Only DPoP-bound tokens with a valid proof; a Bearer request is refused. */
    REQUIRED
}
