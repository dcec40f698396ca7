package org.jwtgate.filter;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.PrintWriter;
import org.jwtgate.Decision;

/**
 * A page that includes {@code /target} between two markers, then names the status of a refusal the
 * filter left in the decision attribute, if any: {@code before|<included>|after|refused=401}.
 */
public class IncludeServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws ServletException, IOException {
        resp.setContentType("text/plain;charset=UTF-8");
        PrintWriter out = resp.getWriter();
        out.write("before|");
        req.getRequestDispatcher("/target").include(req, resp);
        out.write("|after");
        if (req.getAttribute(JwtGateFilter.DECISION_ATTRIBUTE) instanceof Decision.Respond refused) {
            out.write("|refused=" + refused.response().status());
        }
    }
}
