package org.jwtgate.filter;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jose4j.json.JsonUtil;
import org.jwtgate.JwtGate;
import org.jwtgate.JwtPrincipal;

/** Answers 200 with what the application sees of the caller, as JSON. */
public class EchoServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        DecisionProbe.record(req);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("user", req.getRemoteUser());
        out.put("admin", req.isUserInRole("admin"));
        out.put("anyAuthenticated", req.isUserInRole("**"));
        out.put("authType", req.getAuthType());
        out.put("principalAttribute", req.getAttribute(JwtGateFilter.PRINCIPAL_ATTRIBUTE) != null);
        out.put("tokenAttribute", req.getAttribute(JwtGateFilter.TOKEN_ATTRIBUTE));
        if (req.getUserPrincipal() instanceof JwtPrincipal p) {
            out.put("claims", p.claims());
        }
        if ("true".equals(req.getHeader("X-Echo-Body"))) {
            out.put("body", new String(req.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        }
        if (req.getHeader("X-Echo-Gate") != null
                && getServletContext().getAttribute(JwtGateFilter.GATE_ATTRIBUTE_PREFIX + req.getHeader("X-Echo-Gate")) instanceof JwtGate g) {
            out.put("cacheHits", g.tokenCacheStats().hits());
            out.put("validations", g.validations());
        }
        if ("true".equals(req.getHeader("X-Echo-Param"))) {
            out.put("note", req.getParameter("note"));
        }
        resp.setContentType("application/json;charset=UTF-8");
        resp.getWriter().write(JsonUtil.toJson(out));
    }
}
