package org.jwtgate.jwks;

import org.jose4j.lang.JoseException;

/**
 * Thrown through jose4j's key resolver when an issuer's keys cannot be fetched and none usable are
 * cached. The validator finds it in the cause chain and answers 503 instead of 401.
 */
public final class KeysUnavailableException extends JoseException {
    private static final long serialVersionUID = 1L;

    public KeysUnavailableException(String issuer) {
        super("keys of issuer " + issuer + " are unavailable");
    }
}
