package org.jwtgate.legacy;

import jakarta.ejb.EJBAccessException;
import jakarta.enterprise.inject.spi.CDI;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.jwtgate.security.AccessDenials;

/** The CDI/EJB half of {@link EnterpriseServlet}; loaded only on a server that has CDI, EJB and Jakarta Security. */
final class Enterprise {
    private Enterprise() {
    }

    static void answer(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        switch (req.getServletPath()) {
            case "/user/ejb" -> call(req, resp, "ejb", () -> CDI.current().select(AdminReport.class).get().caller());
            case "/user/cdi", "/public/cdi" -> call(req, resp, "cdi", () -> CDI.current().select(AdminGreeter.class).get().caller());
            case "/public/cdi-unmapped" -> Responses.json(resp, HttpServletResponse.SC_OK,
                    Map.of("via", "cdi", "caller", CDI.current().select(AdminGreeter.class).get().caller()));
            case "/user/security-context" -> Responses.json(resp, HttpServletResponse.SC_OK,
                    CDI.current().select(CallerView.class).get().describe());
            default -> Responses.json(resp, HttpServletResponse.SC_NOT_FOUND, Map.of("error", "not found"));
        }
    }

    /**
     * 200 with the caller the bean saw; 403 when the EJB container refused the call for a missing role; jwtgate's
     * answer (401 without a caller, 403 {@code insufficient_scope} without the role) when the CDI bean's
     * {@code @RolesAllowed} refused it, mapped by {@link AccessDenials} as this servlet maps {@code EJBAccessException}.
     */
    private static void call(HttpServletRequest req, HttpServletResponse resp, String what, Supplier<String> bean)
            throws IOException {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("via", what);
        try {
            out.put("caller", bean.get());
            Responses.json(resp, HttpServletResponse.SC_OK, out);
        } catch (RuntimeException e) {
            if (AccessDenials.respond(e, req, resp)) {
                return;
            }
            Throwable denied = accessDenial(e);
            if (denied == null) {
                throw e;
            }
            out.put("denied", denied.getClass().getName());
            Responses.json(resp, HttpServletResponse.SC_FORBIDDEN, out);
        }
    }

    /** The EJB container's "caller not in role" exception in {@code e}'s cause chain. */
    private static Throwable accessDenial(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof EJBAccessException) {
                return t;
            }
        }
        return null;
    }
}
