package org.jwtgate.authentication;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.security.Principal;
import org.jwtgate.JwtGate;
import org.jwtgate.JwtPrincipal;

/**
 * Tells who the container says the caller is: {@code user=…|admin=…|any=…|authType=…|principal=…|scopes=…|session=…|validations=…}.
 * {@code principal} is the class of {@code getUserPrincipal()}, {@code scopes} are read from it when it is a
 * {@link JwtPrincipal}; {@code validations} counts the tokens validated by the engine in the servlet-context
 * attribute named by the init-param {@code gate} (none: {@code -}).
 */
public class WhoServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        resp.setContentType("text/plain;charset=UTF-8");
        resp.getWriter().write(describe(req, getServletContext().getAttribute(String.valueOf(getInitParameter("gate")))));
    }

    static String describe(HttpServletRequest req, Object gate) {
        Principal p = req.getUserPrincipal();
        return "user=" + req.getRemoteUser()
                + "|admin=" + req.isUserInRole("admin")
                + "|authType=" + req.getAuthType()
                + "|principal=" + (p == null ? null : p.getClass().getSimpleName())
                + "|scopes=" + (p instanceof JwtPrincipal j ? j.scopes() : null)
                + "|session=" + (req.getSession(false) != null)
                + "|validations=" + (gate instanceof JwtGate g ? g.validations() : "-");
    }
}
