package org.jwtgate.jaxrs;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.jwtgate.Decision;
import org.jwtgate.JwtGate;
import org.jwtgate.filter.JwtGateFilter;
import org.jwtgate.RequestAttributes;
import org.jwtgate.authz.AccessRule;
import org.jwtgate.authz.Authorization;
import org.jwtgate.error.ErrorResponse;
import org.jwtgate.error.ErrorResponses;

/**
 * The servlet side of the parity test: behind the servlet filter, it applies roles and scopes
 * (init-params) through core's {@link Authorization}, as a servlet application would, with the refusals
 * of the filter's engine.
 */
public class GuardedServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    private transient AccessRule rule;
    private transient ErrorResponses responses;

    @Override
    public void init() throws ServletException {
        rule = AccessRule.requires(List.of(getInitParameter("roles").split(" ")),
                List.of(getInitParameter("scopes").split(" ")));
        responses = new ErrorResponses(getServletContext().getInitParameter("jwtgate.realm"), Duration.ofSeconds(30));
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        Decision authenticated = req.getAttribute(RequestAttributes.DECISION) instanceof Decision d ? d : Decision.ANONYMOUS;
        // The filter's engine renders the refusal when there is one: its challenges (Bearer, DPoP) are the application's.
        ErrorResponses engines = getServletContext().getAttribute(JwtGateFilter.GATE_ATTRIBUTE_PREFIX + "jwtgate") instanceof JwtGate g
                ? g.responses() : responses;
        if (Authorization.authorize(engines, authenticated, rule) instanceof Decision.Respond refusal) {
            ErrorResponse error = refusal.response();
            resp.setStatus(error.status());
            error.headers().forEach(resp::setHeader);
            resp.setContentType(ErrorResponse.CONTENT_TYPE);
            resp.getOutputStream().write(error.body().getBytes(StandardCharsets.UTF_8));
            return;
        }
        resp.setContentType("text/plain;charset=UTF-8");
        resp.getWriter().write("hello " + req.getUserPrincipal().getName());
    }
}
