package org.jwtgate.jwks;

import java.io.IOException;

/**
 * A JWKS or discovery fetch failed. The message is our own fixed text plus configured URLs: never a
 * response body and never token data, so it is safe to log.
 */
public final class JwksFetchException extends IOException {
    private static final long serialVersionUID = 1L;

    public JwksFetchException(String message) {
        super(message);
    }
}
