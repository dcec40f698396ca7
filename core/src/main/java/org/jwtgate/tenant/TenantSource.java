package org.jwtgate.tenant;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jwtgate.token.BearerRequest;

/**
 * Where a request names its tenant ({@code tenant-source}): a path segment, the first label of the
 * host name, or a header. The text found there must be a {@link TenantId} exactly as sent: nothing is
 * decoded, trimmed, lower-cased or normalised, so a request whose tenant is spelt in upper case,
 * percent-encoded, with surrounding white space, a trailing dot, a {@code ;parameter}, an empty or a
 * dot-segment names no tenant at all, and no lookup or fetch follows. Immutable.
 */
public sealed interface TenantSource {

    /** The placeholder that marks the tenant in a path pattern or an issuer template. */
    String PLACEHOLDER = "{tenant}";

    /**
     * Whether a request at {@code path} (inside the application, decoded as the adapter computes it)
     * is a tenant route: at or below the pattern's prefix for {@link Path}, every request otherwise.
     */
    boolean covers(String path);

    /** The tenant {@code request} at {@code path} names, if it names a well-formed one; never throws. */
    Optional<TenantId> tenant(String path, BearerRequest request);

    /**
     * Parses {@code path:/prefix/{tenant}/*}, {@code host} or {@code header:NAME}.
     *
     * @throws IllegalArgumentException naming what is wrong; the message quotes the configuration value
     */
    static TenantSource parse(String text) {
        Objects.requireNonNull(text, "text");
        if (text.equals("host")) {
            return new Host();
        }
        if (text.startsWith("header:")) {
            String name = text.substring("header:".length());
            if (!name.matches("[!#$%&'*+\\-.^_`|~0-9A-Za-z]+") || name.equalsIgnoreCase("Authorization")) {
                throw new IllegalArgumentException("'" + name + "' is not a header name to read a tenant from");
            }
            return new Header(name);
        }
        if (text.startsWith("path:")) {
            String pattern = text.substring("path:".length());
            String suffix = "/" + PLACEHOLDER + "/*";
            if (!pattern.startsWith("/") || !pattern.endsWith(suffix)) {
                throw new IllegalArgumentException("'" + pattern + "' is not a path pattern such as /api/t/{tenant}/*");
            }
            String prefix = pattern.substring(0, pattern.length() - suffix.length());
            for (String segment : prefix.isEmpty() ? new String[0] : prefix.substring(1).split("/", -1)) {
                if (segment.isEmpty() || segment.equals(".") || segment.equals("..")
                        || !segment.matches("[A-Za-z0-9\\-._~!$&'()+,=:@]+")) {
                    throw new IllegalArgumentException("'" + pattern + "' has a segment that is empty, a dot-segment, "
                            + "or not plain text (no %, ;, *, { or }) before " + PLACEHOLDER);
                }
            }
            return new Path(prefix);
        }
        throw new IllegalArgumentException("'" + text + "' is not a tenant source: use path:/prefix/{tenant}/*, host "
                + "or header:NAME");
    }

    /**
     * The segment after {@code prefix} ({@code path:/api/t/{tenant}/*}: prefix {@code /api/t}). The
     * segment is read from the decoded path the application is routed by, and the path as sent must
     * hold exactly the same text at the same place: {@code /api/t/glob%65x}, {@code /api/t/acme;x},
     * {@code /api//t/acme} or {@code /api/t/globex/../acme} name no tenant, though a container would
     * decode or normalise them to one. Empty segments do not take a path out of the tenant routes: a
     * container or a JAX-RS runtime that keeps {@code /api//t/acme} may still route it as
     * {@code /api/t/acme}.
     */
    record Path(String prefix) implements TenantSource {
        public Path {
            Objects.requireNonNull(prefix, "prefix");
        }

        @Override
        public boolean covers(String path) {
            if (path == null) {
                return false;
            }
            String p = withoutEmptySegments(path);
            return prefix.isEmpty() || p.equals(prefix) || p.startsWith(prefix + "/");
        }

        @Override
        public Optional<TenantId> tenant(String decoded, BearerRequest request) {
            if (!covers(decoded)) {
                return Optional.empty();
            }
            String path = withoutEmptySegments(decoded);
            if (path.length() <= prefix.length() + 1) {
                return Optional.empty();
            }
            int end = path.indexOf('/', prefix.length() + 1);
            String segment = path.substring(prefix.length() + 1, end < 0 ? path.length() : end);
            Optional<TenantId> tenant = TenantId.parse(segment);
            if (tenant.isEmpty() || !(request instanceof TenantRequest r)) {
                return Optional.empty();
            }
            String raw = r.rawPath();
            String expected = prefix + "/" + segment;
            boolean same = raw != null && raw.startsWith(expected)
                    && (raw.length() == expected.length() || raw.charAt(expected.length()) == '/');
            return same ? tenant : Optional.empty();
        }

        private static String withoutEmptySegments(String path) {
            if (!path.contains("//")) {
                return path;
            }
            StringBuilder b = new StringBuilder(path.length());
            for (int i = 0; i < path.length(); i++) {
                char c = path.charAt(i);
                if (c != '/' || b.length() == 0 || b.charAt(b.length() - 1) != '/') {
                    b.append(c);
                }
            }
            return b.toString();
        }

        @Override
        public String toString() {
            return "path:" + prefix + "/" + PLACEHOLDER + "/*";
        }

        // equals and hashCode written out: part of ValidationPolicy's equals (see there).

        @Override
        public boolean equals(Object o) {
            return o instanceof Path p && prefix.equals(p.prefix);
        }

        @Override
        public int hashCode() {
            return prefix.hashCode();
        }
    }

    /**
     * The first label of the host name ({@code acme} in {@code acme.api.example.com}); an IP address
     * names no tenant.
     */
    record Host() implements TenantSource {
        @Override
        public boolean covers(String path) {
            return true;
        }

        @Override
        public Optional<TenantId> tenant(String path, BearerRequest request) {
            String host = request instanceof TenantRequest r ? r.host() : null;
            if (host == null || host.isEmpty() || host.length() > 253 || host.startsWith("[") || isIpv4(host)) {
                return Optional.empty();
            }
            int dot = host.indexOf('.');
            return TenantId.parse(dot < 0 ? host : host.substring(0, dot));
        }

        private static boolean isIpv4(String host) {
            return host.matches("[0-9]{1,3}(\\.[0-9]{1,3}){3}\\.?");
        }

        @Override
        public String toString() {
            return "host";
        }

        // equals and hashCode written out: part of ValidationPolicy's equals (see there).

        @Override
        public boolean equals(Object o) {
            return o instanceof Host;
        }

        @Override
        public int hashCode() {
            return Host.class.getName().hashCode();
        }
    }

    /** A request header; it must be sent exactly once. */
    record Header(String name) implements TenantSource {
        public Header {
            Objects.requireNonNull(name, "name");
        }

        @Override
        public boolean covers(String path) {
            return true;
        }

        @Override
        public Optional<TenantId> tenant(String path, BearerRequest request) {
            List<String> values = request.headers(name);
            return values.size() == 1 ? TenantId.parse(values.get(0)) : Optional.empty();
        }

        @Override
        public String toString() {
            return "header:" + name;
        }

        // equals and hashCode written out: part of ValidationPolicy's equals (see there).

        @Override
        public boolean equals(Object o) {
            return o instanceof Header h && name.equals(h.name);
        }

        @Override
        public int hashCode() {
            return name.hashCode();
        }
    }
}
