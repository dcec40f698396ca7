package org.jwtgate.jwks;

import java.io.IOException;
import java.util.Objects;

/**
 * A JWKS or discovery fetch failed. The message is our own fixed text plus configured URLs: never a
 * response body and never token data, so it is safe to log.
 */
public final class JwksFetchException extends IOException {
    private static final long serialVersionUID = 1L;

    private final FetchResult result;

    public JwksFetchException(String message) {
        this(FetchResult.ERROR, message);
    }

    public JwksFetchException(FetchResult result, String message) {
        super(message);
        this.result = Objects.requireNonNull(result, "result");
    }

    /** How the fetch ended. */
    public FetchResult result() {
        return result;
    }
}
