package org.jwtgate.filter;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.jwtgate.metrics.HealthReport;
import org.jwtgate.metrics.MetricsRegistry;

/**
 * The health of this application's jwtgate filters and JWKS servlets, as JSON, for a readiness probe:
 *
 * <pre>{@code
 * <servlet>
 *   <servlet-name>jwtgate-health</servlet-name>
 *   <servlet-class>org.jwtgate.filter.JwtGateHealthServlet</servlet-class>
 * </servlet>
 * <servlet-mapping>
 *   <servlet-name>jwtgate-health</servlet-name>
 *   <url-pattern>/health/jwtgate</url-pattern>
 * </servlet-mapping>
 * }</pre>
 *
 * {@code GET} (and {@code HEAD}) answers 200 while every check is {@code UP} or {@code DEGRADED}
 * (an issuer is down and its last good keys still serve), 503 when one is {@code DOWN} (an issuer's
 * keys are unavailable, or a key store is unreadable); the body is {@link HealthReport#toJson()}:
 * configured issuer names and figures, never a key, a secret, a token or an exception message. Keep
 * the path outside the filter's {@code protected-paths} (a probe has no token). Nothing is fetched: the
 * figures are the state the engines hold.
 */
public class JwtGateHealthServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        HealthReport report = MetricsRegistry.health(app(request.getContextPath()));
        byte[] body = report.toJson().getBytes(StandardCharsets.UTF_8);
        response.setStatus(report.status().httpStatus());
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        response.setHeader("Cache-Control", "no-store");
        response.setContentLength(body.length);
        if (!"HEAD".equals(request.getMethod())) {
            response.getOutputStream().write(body);
        }
    }

    @Override
    protected void doHead(HttpServletRequest request, HttpServletResponse response) throws IOException {
        doGet(request, response);
    }

    // As MetricsRegistry names applications: the root context is "/".
    private static String app(String contextPath) {
        return contextPath == null || contextPath.isEmpty() ? "/" : contextPath;
    }
}
