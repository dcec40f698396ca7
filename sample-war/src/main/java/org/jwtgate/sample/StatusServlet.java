package org.jwtgate.sample;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.CharArrayWriter;
import java.io.IOException;
import java.io.PrintWriter;

/**
 * {@code GET /status}: public, like {@code /health}, and shows who is calling when the caller sent a
 * valid token: {@code {"status":"up","caller":{…}}}. The caller part is {@code /api/whoami},
 * included. The include is checked by jwtgate at {@code /api/whoami} (the filter is mapped for
 * INCLUDE): without a valid token that servlet does not run, nothing is included, and the caller is
 * {@code null} (the refusal is in the request attribute {@code org.jwtgate.decision}).
 */
public class StatusServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws ServletException, IOException {
        CharArrayWriter included = new CharArrayWriter();
        PrintWriter capture = new PrintWriter(included);
        req.getRequestDispatcher("/api/whoami").include(req, new HttpServletResponseWrapper(resp) {
            @Override
            public PrintWriter getWriter() {
                return capture;
            }
        });
        capture.flush();
        String caller = included.toString().strip();
        resp.setContentType("application/json;charset=UTF-8");
        resp.setHeader("Cache-Control", "no-store");
        resp.getWriter().write("{\"status\":\"up\",\"caller\":" + (caller.isEmpty() ? "null" : caller) + "}");
    }
}
