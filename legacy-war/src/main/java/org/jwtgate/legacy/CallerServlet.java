package org.jwtgate.legacy;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.security.Principal;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the container tells the application about the caller, through the plain servlet API only:
 * {@code getRemoteUser}, {@code getUserPrincipal}, {@code getAuthType}, {@code isUserInRole}. Mapped under
 * {@code /public/*} (no constraint), {@code /user/*} (role {@code user}) and {@code /admin/*} (role
 * {@code admin}); the application never sees a token.
 */
public class CallerServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        Principal principal = req.getUserPrincipal();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("remoteUser", req.getRemoteUser());
        out.put("principal", principal == null ? null : principal.getName());
        out.put("principalType", principal == null ? null : principal.getClass().getName());
        out.put("authType", req.getAuthType());
        out.put("user", req.isUserInRole("user"));
        out.put("admin", req.isUserInRole("admin"));
        out.put("session", req.getSession(false) != null);
        Responses.json(resp, HttpServletResponse.SC_OK, out);
    }
}
