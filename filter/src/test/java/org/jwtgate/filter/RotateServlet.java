package org.jwtgate.filter;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.jwtgate.keys.JwksPublisher;
import org.jwtgate.tenant.TenantId;

/** Application code rotating a tenant's key on this node: answers the new pending key's kid. */
public class RotateServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        JwksPublisher publisher = JwksServlet.publisher(getServletContext()).orElseThrow();
        String kid = publisher.store().rotate(TenantId.of(req.getParameter("tenant"))).kid();
        resp.setContentType("text/plain");
        resp.getWriter().write(kid);
    }
}
