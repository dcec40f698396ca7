package org.jwtgate.validation;

import org.jwtgate.Outcome;

/**
 * The issuers one request may be validated against, chosen per request by the engine: the configured
 * {@code issuers}, or on a tenant-bound route the one issuer of the tenant the request names. A token
 * whose unverified {@code iss} the scope does not {@link #find} is refused as untrusted, and a cached
 * token is answered only when its issuer's key set is the one the scope {@link #held holds}, so a
 * token accepted for one tenant never answers on another's route.
 */
public interface IssuerScope {

    /**
     * The issuer whose {@code iss} is exactly {@code iss}, if this scope trusts it, created (without any
     * fetch) if it is not held yet; null if the scope does not trust it or cannot take one more issuer now.
     */
    TrustedIssuer find(String iss);

    /** The issuer {@code iss} if this scope trusts it and holds it already; never creates one. */
    TrustedIssuer held(String iss);

    /** Whether this scope trusts {@code iss}, held or not; never creates or fetches anything. */
    default boolean trusts(String iss) {
        return held(iss) != null;
    }

    /**
     * What a token of {@code issuer} gets when its keys cannot be fetched and none are cached:
     * {@link Outcome#KEYS_UNAVAILABLE} (503) for an issuer known to exist.
     */
    default Outcome keysUnavailable(TrustedIssuer issuer) {
        return Outcome.KEYS_UNAVAILABLE;
    }
}
