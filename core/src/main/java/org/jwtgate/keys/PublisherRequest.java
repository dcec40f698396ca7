package org.jwtgate.keys;

import java.util.List;

/** What the publisher needs from an HTTP request, provided by each adapter. Never returns null lists. */
public interface PublisherRequest {

    /** The method, exactly as sent ({@code GET}, {@code HEAD}, …). */
    String method();

    /**
     * The decoded path below the servlet mapping: the path info for a {@code /prefix/*} mapping
     * ({@code /acme/oauth2/jwks}), the servlet path for an exact mapping ({@code /oauth2/jwks}).
     */
    String path();

    /** The {@code Host} header (possibly with a port), or null. */
    String host();

    /** All values of a header; the name is case-insensitive. */
    List<String> headers(String name);
}
