package org.jwtgate.legacy;

import jakarta.ejb.EJBAccessException;
import jakarta.enterprise.inject.spi.CDI;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/** The CDI/EJB half of {@link EnterpriseServlet}; loaded only on a server that has CDI, EJB and Jakarta Security. */
final class Enterprise {
    private Enterprise() {
    }

    static void answer(String path, HttpServletResponse resp) throws IOException {
        switch (path) {
            case "/user/ejb" -> call(resp, "ejb", () -> CDI.current().select(AdminReport.class).get().caller());
            case "/user/cdi" -> call(resp, "cdi", () -> CDI.current().select(AdminGreeter.class).get().caller());
            case "/user/security-context" -> Responses.json(resp, HttpServletResponse.SC_OK,
                    CDI.current().select(CallerView.class).get().describe());
            default -> Responses.json(resp, HttpServletResponse.SC_NOT_FOUND, Map.of("error", "not found"));
        }
    }

    /** 200 with the caller the bean saw, or 403 when the container refused the call for a missing role. */
    private static void call(HttpServletResponse resp, String what, Supplier<String> bean) throws IOException {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("via", what);
        try {
            out.put("caller", bean.get());
            Responses.json(resp, HttpServletResponse.SC_OK, out);
        } catch (RuntimeException e) {
            Throwable denied = accessDenial(e);
            if (denied == null) {
                throw e;
            }
            out.put("denied", denied.getClass().getName());
            Responses.json(resp, HttpServletResponse.SC_FORBIDDEN, out);
        }
    }

    /** The container's "caller not in role" exception in {@code e}'s cause chain (EJB's, or a CDI interceptor's). */
    private static Throwable accessDenial(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof EJBAccessException || t.getClass().getSimpleName().contains("AccessException")) {
                return t;
            }
        }
        return null;
    }
}
