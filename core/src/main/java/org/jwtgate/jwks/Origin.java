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
 *
 * <p>A final class rather than a record: a record's equals and hashCode go through the JDK's
 * {@code ObjectMethods} method handles, whose type cache keeps the first record class compared
 * (and so its web application's class loader) alive after undeploy on JDK 17 (seen on Tomcat,
 * {@code findleaks} and a heap dump: {@code ObjectMethods.OBJECT_EQ.asTypeCache -> Origin}).
 */
public final class Origin {
    private final String scheme;
    private final String host;
    private final int port;

    private Origin(String scheme, String host, int port) {
        this.scheme = scheme;
        this.host = host;
        this.port = port;
    }

    /** The scheme, lower case. */
    public String scheme() {
        return scheme;
    }

    /** The host, lower case. */
    public String host() {
        return host;
    }

    /** The port, the scheme's default when the URL names none. */
    public int port() {
        return port;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Origin other && port == other.port && scheme.equals(other.scheme) && host.equals(other.host);
    }

    @Override
    public int hashCode() {
        return (scheme.hashCode() * 31 + host.hashCode()) * 31 + port;
    }

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
