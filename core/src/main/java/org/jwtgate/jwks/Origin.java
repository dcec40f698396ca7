package org.jwtgate.jwks;

import java.net.URI;
import java.net.URL;
import java.util.Locale;
import java.util.Optional;

/**
 * The origin of a URL, RFC 6454 §4: scheme, host and port, compared case-insensitively on scheme and
 * host, with the scheme's default port filled in ({@code https://a.example} and
 * {@code https://A.example:443/x} are the same origin). What a JWKS credential is bound to, and what a
 * discovered {@code jwks_uri} is compared with.
 */
public record Origin(String scheme, String host, int port) {

    /** The origin of an absolute http(s) URI, or empty when it has none (no host, another scheme). */
    public static Optional<Origin> of(URI uri) {
        if (uri.getScheme() == null || uri.getHost() == null) {
            return Optional.empty();
        }
        return of(uri.getScheme(), uri.getHost(), uri.getPort());
    }

    /** The origin a connection to {@code url} reaches, or empty when it is not http(s). */
    public static Optional<Origin> of(URL url) {
        return of(url.getProtocol(), url.getHost(), url.getPort());
    }

    private static Optional<Origin> of(String scheme, String host, int port) {
        String s = scheme.toLowerCase(Locale.ROOT);
        int defaultPort = switch (s) {
            case "https" -> 443;
            case "http" -> 80;
            default -> -1;
        };
        if (defaultPort < 0 || host == null || host.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Origin(s, host.toLowerCase(Locale.ROOT), port < 0 ? defaultPort : port));
    }

    /** {@code scheme://host:port}: safe to log, since a parsed host holds no control characters. */
    @Override
    public String toString() {
        return scheme + "://" + host + ":" + port;
    }
}
