package org.jwtgate.filter;

import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** What the servlets of a request saw in the decision attribute, by the request's X-Test-Id header. */
final class DecisionProbe {
    private static final Map<String, List<Object>> SEEN = new ConcurrentHashMap<>();

    private DecisionProbe() {
    }

    static void record(HttpServletRequest req) {
        String id = req.getHeader("X-Test-Id");
        if (id != null) {
            SEEN.computeIfAbsent(id, k -> new CopyOnWriteArrayList<>()).add(req.getAttribute(JwtGateFilter.DECISION_ATTRIBUTE));
        }
    }

    static List<Object> seen(String id) {
        return SEEN.getOrDefault(id, List.of());
    }
}
