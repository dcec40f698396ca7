package org.jwtgate.legacy;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
import org.jose4j.json.JsonUtil;

/** The application's own JSON answers. */
final class Responses {
    private Responses() {
    }

    static void json(HttpServletResponse resp, int status, Map<String, ?> body) throws IOException {
        resp.setStatus(status);
        resp.setContentType("application/json;charset=UTF-8");
        resp.setHeader("Cache-Control", "no-store");
        resp.getWriter().write(JsonUtil.toJson(body));
    }
}
