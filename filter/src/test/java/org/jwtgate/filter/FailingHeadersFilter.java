package org.jwtgate.filter;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.io.IOException;
import java.util.Enumeration;

/**
 * An application filter with a bug: its request wrapper throws when asked for the headers named in
 * the {@code X-Fail-On} header. Stands for any collaborator that fails where jwtgate does not expect it.
 */
public class FailingHeadersFilter implements Filter {
    static final String FAILURE_TEXT = "failure-text-that-must-not-be-logged";

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain) throws IOException, ServletException {
        HttpServletRequest request = (HttpServletRequest) req;
        String failOn = request.getHeader("X-Fail-On");
        chain.doFilter(failOn == null ? request : new HttpServletRequestWrapper(request) {
            @Override
            public Enumeration<String> getHeaders(String name) {
                if (name.equalsIgnoreCase(failOn)) {
                    throw new IllegalStateException(FAILURE_TEXT);
                }
                return super.getHeaders(name);
            }
        }, res);
    }
}
