package org.jwtgate.filter;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Collections;
import java.util.List;
import org.jwtgate.keys.PublisherRequest;

/**
 * A servlet request as core's responders see it: the JWKS publisher (the path below the mapping) and
 * the Protected Resource Metadata (the path inside the application).
 */
final class ServletPublisherRequest implements PublisherRequest {
    private final HttpServletRequest request;
    private final boolean insideApplication;

    /**
     * @param insideApplication whether {@link #path()} is the whole path inside the application (servlet
     *     path and path info) rather than the path below the mapping
     */
    ServletPublisherRequest(HttpServletRequest request, boolean insideApplication) {
        this.request = request;
        this.insideApplication = insideApplication;
    }

    @Override
    public String method() {
        return request.getMethod();
    }

    @Override
    public String path() {
        try {
            String info = request.getPathInfo();
            if (insideApplication) {
                return request.getServletPath() + (info == null ? "" : info);
            }
            return info != null ? info : request.getServletPath();
        } catch (RuntimeException ambiguous) {
            return ""; // a path the container cannot decode unambiguously names no tenant: 404
        }
    }

    @Override
    public String host() {
        return request.getHeader("Host");
    }

    @Override
    public List<String> headers(String name) {
        var values = request.getHeaders(name);
        return values == null ? List.of() : Collections.list(values);
    }
}
