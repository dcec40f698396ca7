package org.jwtgate.jwks;

import java.util.Locale;

/** How a fetch of an issuer's keys ended, a closed set for metrics ({@code jwtgate.jwks.fetches}). */
public enum FetchResult {
    /** A JWK Set was read. */
    OK,
    /** The server answered another status than 200. */
    HTTP_ERROR,
    /** No connection could be made (refused, unknown host, TLS failure). */
    CONNECT_ERROR,
    /** No answer, or no complete answer, within the timeouts. */
    TIMEOUT,
    /** The answer was larger than {@code jwks-max-response-size}. */
    TOO_LARGE,
    /** The answer was not JSON, or JSON without a {@code keys} array. */
    NOT_A_JWK_SET,
    /** The discovery document names another issuer, no {@code jwks_uri}, or one that may not be fetched. */
    DISCOVERY_MISMATCH,
    /** Anything else. */
    ERROR;

    /** As a tag value: the name in lower case. */
    public String tag() {
        return name().toLowerCase(Locale.ROOT);
    }
}
