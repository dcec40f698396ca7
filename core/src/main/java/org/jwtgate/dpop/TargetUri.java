package org.jwtgate.dpop;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * The comparable form of an HTTP target URI without query and fragment (RFC 9449 §4.3 step 9: the
 * syntax- and scheme-based normalisation of RFC 3986 §6.2.2 and §6.2.3): scheme and host in lower case,
 * the default port left out, an empty path as {@code /}, percent-encodings in upper case and those of
 * unreserved characters decoded, dot-segments removed. Only absolute {@code http}/{@code https} URIs
 * with a host and without user information have one.
 */
public final class TargetUri {
    private TargetUri() {
    }

    /** The normalised form of {@code uri}, or null when it is not an absolute http(s) URI with a host. */
    public static String normalise(String uri) {
        if (uri == null || uri.length() > 8192) {
            return null;
        }
        URI u;
        try {
            u = new URI(uri);
        } catch (URISyntaxException e) {
            return null;
        }
        return normalise(u.getScheme(), u.getRawAuthority() == null ? null : u.getHost(), u.getPort(), u.getRawUserInfo(),
                u.getRawPath());
    }

    /**
     * The normalised form of {@code requestUrl} with its scheme, host and port replaced by those of
     * {@code origin}; null when either is unusable.
     */
    public static String normalise(String requestUrl, URI origin) {
        if (origin == null) {
            return normalise(requestUrl);
        }
        if (requestUrl == null) {
            return null;
        }
        URI u;
        try {
            u = new URI(requestUrl);
        } catch (URISyntaxException e) {
            return null;
        }
        return normalise(origin.getScheme(), origin.getHost(), origin.getPort(), null, u.getRawPath());
    }

    private static String normalise(String scheme, String host, int port, String userInfo, String rawPath) {
        if (scheme == null || host == null || host.isEmpty() || userInfo != null) {
            return null;
        }
        String s = scheme.toLowerCase(Locale.ROOT);
        int defaultPort;
        if (s.equals("https")) {
            defaultPort = 443;
        } else if (s.equals("http")) {
            defaultPort = 80;
        } else {
            return null;
        }
        String path = rawPath == null || rawPath.isEmpty() ? "/" : percentEncodings(rawPath);
        if (path == null || !path.startsWith("/")) {
            return null;
        }
        StringBuilder sb = new StringBuilder(s).append("://").append(host.toLowerCase(Locale.ROOT));
        if (port != -1 && port != defaultPort) {
            sb.append(':').append(port);
        }
        return sb.append(removeDotSegments(path)).toString();
    }

    // RFC 3986 §6.2.2.1 and §6.2.2.2; null on a malformed percent-encoding.
    private static String percentEncodings(String path) {
        if (path.indexOf('%') < 0) {
            return path;
        }
        StringBuilder sb = new StringBuilder(path.length());
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c != '%') {
                sb.append(c);
                continue;
            }
            if (i + 2 >= path.length()) {
                return null;
            }
            int hi = Character.digit(path.charAt(i + 1), 16);
            int lo = Character.digit(path.charAt(i + 2), 16);
            if (hi < 0 || lo < 0) {
                return null;
            }
            char decoded = (char) (hi * 16 + lo);
            if ((decoded >= 'A' && decoded <= 'Z') || (decoded >= 'a' && decoded <= 'z') || (decoded >= '0' && decoded <= '9')
                    || decoded == '-' || decoded == '.' || decoded == '_' || decoded == '~') {
                sb.append(decoded);
            } else {
                sb.append('%').append(Character.toUpperCase(path.charAt(i + 1))).append(Character.toUpperCase(path.charAt(i + 2)));
            }
            i += 2;
        }
        return sb.toString();
    }

    // RFC 3986 §5.2.4, for an absolute path.
    private static String removeDotSegments(String path) {
        if (!path.contains("/.")) {
            return path;
        }
        java.util.ArrayDeque<String> out = new java.util.ArrayDeque<>();
        String[] segments = path.substring(1).split("/", -1);
        for (int i = 0; i < segments.length; i++) {
            String seg = segments[i];
            boolean last = i == segments.length - 1;
            if (seg.equals(".")) {
                if (last) {
                    out.addLast("");
                }
            } else if (seg.equals("..")) {
                out.pollLast();
                if (last) {
                    out.addLast("");
                }
            } else {
                out.addLast(seg);
            }
        }
        return "/" + String.join("/", out);
    }
}
