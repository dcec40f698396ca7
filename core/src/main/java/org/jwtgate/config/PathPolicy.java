package org.jwtgate.config;

import java.util.List;

/**
 * Decides whether a request path (the path inside the application, without the context path) is
 * protected: it must match a protected pattern and no excluded pattern. Patterns follow the servlet
 * mapping syntax: {@code /exact}, {@code /prefix/*} (the prefix itself included), {@code *.ext} (in
 * the last segment), {@code /*} (every path). The servlet mapping {@code /} (the default servlet) has
 * no equivalent here and is refused by {@link GateConfig}, as are patterns that no normalised path
 * can match ({@code //}, {@code .} and {@code ..} segments). The path of the Protected Resource
 * Metadata, when a {@code resource-identifier} is configured, is never protected: a client reads it
 * before it has a token (RFC 9728 §5).
 */
public final class PathPolicy {
    private final List<String> protectedPatterns;
    private final List<String> excludedPatterns;
    /** The path of the Protected Resource Metadata (RFC 9728 §3.1), public by definition; null when none. */
    private final String metadataPath;

    public PathPolicy(GateConfig config) {
        this.protectedPatterns = config.protectedPaths();
        this.excludedPatterns = config.excludedPaths();
        this.metadataPath = config.resourceMetadata().map(m -> ResourceMetadataConfig.WELL_KNOWN + m.resourcePath()).orElse(null);
    }

    /** Whether the path requires the filter's attention. */
    public boolean isProtected(String path) {
        String p = path == null || path.isEmpty() ? "/" : path;
        return matchesAny(protectedPatterns, p) && !matchesAny(excludedPatterns, p) && !p.equals(metadataPath);
    }

    private static boolean matchesAny(List<String> patterns, String path) {
        for (String pattern : patterns) {
            if (matches(pattern, path)) {
                return true;
            }
        }
        return false;
    }

    /**
     * How specifically {@code pattern} matches {@code path}, as the servlet rules choose a mapping (Servlet 6.0
     * §12.1): an exact pattern beats any prefix, a longer prefix beats a shorter one ({@code /*} the shortest),
     * and a prefix beats an extension ({@code *.ext}); -1 when it does not match.
     */
    public static int specificity(String pattern, String path) {
        String p = path == null || path.isEmpty() ? "/" : path;
        if (!matches(pattern, p)) {
            return -1;
        }
        if (pattern.startsWith("*.")) {
            return 0;
        }
        return pattern.endsWith("/*") ? pattern.length() : Integer.MAX_VALUE;
    }

    static boolean matches(String pattern, String path) {
        if (pattern.equals("/*")) {
            return true;
        }
        if (pattern.startsWith("*.")) {
            int slash = path.lastIndexOf('/');
            return path.substring(slash + 1).endsWith(pattern.substring(1));
        }
        if (pattern.endsWith("/*")) {
            String prefix = pattern.substring(0, pattern.length() - 2);
            return path.equals(prefix) || path.startsWith(prefix + "/");
        }
        return path.equals(pattern);
    }
}
