package org.jwtgate.sample;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jose4j.json.JsonUtil;
import org.jwtgate.JwtPrincipal;

/** {@code GET /api/whoami}: what the application sees of the caller, through the standard servlet API. */
public class WhoAmIServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final List<String> SHOWN_CLAIMS = List.of("iss", "sub", "aud", "exp", "scope");

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("user", req.getRemoteUser());
        out.put("authType", req.getAuthType());
        out.put("admin", req.isUserInRole("admin"));
        if (req.getUserPrincipal() instanceof JwtPrincipal p) {
            out.put("roles", List.copyOf(p.roles()));
            out.put("scopes", List.copyOf(p.scopes()));
            Map<String, Object> claims = new LinkedHashMap<>();
            SHOWN_CLAIMS.forEach(c -> p.claim(c).ifPresent(v -> claims.put(c, v)));
            out.put("claims", claims);
        }
        resp.setContentType("application/json;charset=UTF-8");
        resp.setHeader("Cache-Control", "no-store");
        resp.getWriter().write(JsonUtil.toJson(out));
    }
}
