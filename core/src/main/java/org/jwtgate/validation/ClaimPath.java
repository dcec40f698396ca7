package org.jwtgate.validation;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A dotted path into the claims ({@code groups}, {@code realm_access.roles},
 * {@code resource_access.app.roles}), compiled once. Values may be JSON arrays of strings or
 * space-separated strings ({@code scope}); anything else is ignored.
 */
final class ClaimPath {
    private final String[] segments;

    ClaimPath(String path) {
        this.segments = path.split("\\.");
    }

    void collect(Map<String, Object> claims, Set<String> into) {
        Object node = claims;
        for (String segment : segments) {
            if (!(node instanceof Map<?, ?> map)) {
                return;
            }
            node = map.get(segment);
        }
        addValues(node, into);
    }

    /**
     * Whether the path holds what a role claim may: objects along the way and a string or an array of
     * strings at the end, or nothing at all.
     */
    boolean wellTyped(Map<String, Object> claims) {
        Object node = claims;
        for (String segment : segments) {
            if (!(node instanceof Map<?, ?> map)) {
                return false;
            }
            if (!map.containsKey(segment)) {
                return true;
            }
            node = map.get(segment);
        }
        return MemberTypes.isStringOrStringArray(node);
    }

    static void addValues(Object value, Set<String> into) {
        if (value instanceof String s) {
            for (String part : s.split(" ")) {
                if (!part.isEmpty()) {
                    into.add(part);
                }
            }
        } else if (value instanceof List<?> list) {
            for (Object o : list) {
                if (o instanceof String s && !s.isEmpty()) {
                    into.add(s);
                }
            }
        }
    }
}
