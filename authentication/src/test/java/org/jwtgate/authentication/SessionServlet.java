package org.jwtgate.authentication;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/** An application that creates a session of its own, then answers like {@link WhoServlet}. */
public class SessionServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        req.getSession(true).setAttribute("visited", Boolean.TRUE);
        resp.setContentType("text/plain;charset=UTF-8");
        resp.getWriter().write(WhoServlet.describe(req, null));
    }
}
