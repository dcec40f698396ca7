package org.jwtgate.filter;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/** Dispatches every request asynchronously to {@code /target}. */
public class AsyncDispatchServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) {
        req.startAsync().dispatch("/target");
    }
}
