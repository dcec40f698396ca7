package org.jwtgate.filter;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
import org.jwtgate.keys.JwksPublisher;
import org.jwtgate.tenant.TenantId;

/** Application code using the programmatic API: signs a token for {@code ?tenant=} with its active key. */
public class IssueServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        JwksPublisher publisher = JwksServlet.publisher(getServletContext()).orElseThrow();
        String token = publisher.signer().sign(TenantId.of(req.getParameter("tenant")),
                Map.of("sub", "alice", "aud", "orders-api", "client_id", "orders-ui", "groups", java.util.List.of("admin")));
        resp.setContentType("text/plain");
        resp.getWriter().write(token);
    }
}
