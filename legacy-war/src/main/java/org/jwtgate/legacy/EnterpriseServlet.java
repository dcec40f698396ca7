package org.jwtgate.legacy;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;

/**
 * {@code /user/ejb}, {@code /user/cdi} (and, unconstrained, {@code /public/cdi}), {@code /user/security-context}:
 * the caller as an EJB, a CDI bean and Jakarta Security's {@code SecurityContext} see it, the first two through an
 * {@code @RolesAllowed("admin")} method. {@code /public/cdi-unmapped} calls the CDI bean without mapping its
 * refusal: jwtgate-security's filter answers it. On a server without CDI and EJB (Tomcat, Jetty) they answer 501: this class has no field,
 * parameter or injection point of those APIs, and {@link Enterprise}, which uses them, is loaded only
 * where they exist.
 */
public class EnterpriseServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    private transient boolean available;

    @Override
    public void init() {
        available = present("jakarta.enterprise.inject.spi.CDI") && present("jakarta.ejb.EJBAccessException")
                && present("jakarta.security.enterprise.SecurityContext");
    }

    private boolean present(String type) {
        try {
            Class.forName(type, false, getClass().getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError absent) {
            return false;
        }
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        if (!available) {
            Responses.json(resp, HttpServletResponse.SC_NOT_IMPLEMENTED, Map.of("error", "no CDI/EJB on this server"));
            return;
        }
        Enterprise.answer(req, resp);
    }
}
