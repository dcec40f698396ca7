package org.jwtgate.filter;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.jwtgate.error.ErrorResponse;

/**
 * Writes core's refusals onto a servlet response, verbatim: status, headers in order, JSON body.
 * The one place the servlet filter and the Jakarta Authentication module write a refusal, so the two
 * answer a request with the same bytes.
 */
public final class ServletResponses {
    private ServletResponses() {
    }

    /**
     * Writes {@code error} and flushes. Not on an include: an included resource cannot set the status
     * or headers (Servlet 6.0 §9.3), and a refusal's body inside the including page would be worse
     * than none. There nothing is written; the including page finds the refusal in the
     * {@link JwtGateFilter#DECISION_ATTRIBUTE} request attribute. Nothing either once the response is
     * committed.
     *
     * @param request the request, to tell an include
     * @param response the response to write
     * @param error core's rendering of the refusal: status, headers and body
     * @throws IOException when writing the body fails
     */
    public static void write(HttpServletRequest request, HttpServletResponse response, ErrorResponse error)
            throws IOException {
        if (request.getDispatcherType() == DispatcherType.INCLUDE || response.isCommitted()) {
            return;
        }
        byte[] body = error.body().getBytes(StandardCharsets.UTF_8);
        response.setStatus(error.status());
        error.headers().forEach(response::setHeader);
        response.setContentType(ErrorResponse.CONTENT_TYPE);
        response.setContentLength(body.length);
        try {
            response.getOutputStream().write(body);
        } catch (IllegalStateException writerInUse) {
            // On a forward, the forwarding servlet may already have taken the writer; the body is ASCII.
            response.getWriter().write(error.body());
        }
        response.flushBuffer();
    }
}
