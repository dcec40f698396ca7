package org.jwtgate.filter;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/** Forwards every request to {@code /target}, recording the decision it saw first. */
public class ForwardServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws ServletException, IOException {
        DecisionProbe.record(req);
        req.getRequestDispatcher("/target").forward(req, resp);
    }
}
