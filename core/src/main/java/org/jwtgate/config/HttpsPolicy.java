package org.jwtgate.config;

import java.net.URI;
import java.util.Locale;

/**
 * Which URLs keys may be fetched from: https, or plain http to a loopback host, or plain http anywhere
 * with the explicit opt-out {@code jwks-allow-http}. One rule for configured and discovered URLs.
 */
public final class HttpsPolicy {
    private HttpsPolicy() {
    }

    /** Whether {@code uri} is an absolute http or https URL with a host. */
    public static boolean isHttpUrl(URI uri) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        return uri.isAbsolute() && uri.getHost() != null && (scheme.equals("https") || scheme.equals("http"));
    }

    /** Whether the http(s) URL {@code uri} may be fetched: https, loopback, or any host when {@code allowHttp}. */
    public static boolean isAllowed(URI uri, boolean allowHttp) {
        return isHttpUrl(uri) && (uri.getScheme().equalsIgnoreCase("https") || allowHttp || isLoopbackHost(uri.getHost()));
    }

    /** {@code localhost}, 127.0.0.0/8 and [::1], recognised by name only, never by a DNS lookup. */
    public static boolean isLoopbackHost(String host) {
        if (host == null) {
            return false;
        }
        String h = host.toLowerCase(Locale.ROOT);
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        if (h.equals("localhost") || h.equals("::1") || h.equals("0:0:0:0:0:0:0:1")) {
            return true;
        }
        String[] parts = h.split("\\.", -1);
        if (parts.length != 4 || !parts[0].equals("127")) {
            return false;
        }
        for (String part : parts) {
            if (part.isEmpty() || part.length() > 3 || !part.chars().allMatch(Character::isDigit)
                    || Integer.parseInt(part) > 255) {
                return false;
            }
        }
        return true;
    }
}
