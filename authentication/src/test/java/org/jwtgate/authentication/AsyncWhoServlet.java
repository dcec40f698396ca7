package org.jwtgate.authentication;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * On the request, starts async processing and dispatches back to itself from another thread; on the
 * ASYNC dispatch, answers like {@link WhoServlet} with {@code dispatch=ASYNC}.
 */
public class AsyncWhoServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        if (req.getDispatcherType() == DispatcherType.ASYNC) {
            resp.setContentType("text/plain;charset=UTF-8");
            resp.getWriter().write("dispatch=ASYNC|" + WhoServlet.describe(req, getServletContext().getAttribute("org.jwtgate.gate.jwtgate")));
            return;
        }
        var async = req.startAsync();
        async.start(async::dispatch);
    }
}
