package org.jwtgate.security;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletContainerInitializer;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;
import java.util.EnumSet;
import java.util.Set;

/**
 * Answers a CDI bean's refusal that the application left unmapped with core's answer instead of the server's
 * 500 page: an {@link AccessDeniedException} anywhere in the cause chain of what the rest of the chain throws
 * (a servlet's {@code ServletException} or {@code RuntimeException}, or Jersey's {@code ServletException} around
 * an exception no {@code ExceptionMapper} took) is written by {@link AccessDenials} (401 with the bare challenge,
 * 403 {@code insufficient_scope}) while the response is not committed; anything else, or a refusal after the
 * response was committed, is rethrown as it came. A {@code sendError(500)} made before the exception (Jersey's,
 * for an exception no mapper took) is held back until the chain returns and dropped for a refusal.
 *
 * <p>Registered by the jar itself: {@link Installer} (a {@link ServletContainerInitializer}) adds it as
 * {@value #NAME}, async-supported, mapped to {@code /*} for REQUEST, FORWARD and ASYNC dispatches, before the
 * filters of {@code web.xml}, so it wraps the application. An application that maps refusals itself never
 * reaches it.
 */
public final class AccessDenialFilter implements Filter {
    /** The filter's name in the application. */
    public static final String NAME = "jwtgate-access-denials";

    /** The filter, as {@link Installer} adds it. */
    public AccessDenialFilter() {
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (!(request instanceof HttpServletRequest req) || !(response instanceof HttpServletResponse resp)) {
            chain.doFilter(request, response);
            return;
        }
        HeldServerError held = new HeldServerError(resp);
        try {
            chain.doFilter(request, held);
        } catch (IOException | ServletException | RuntimeException e) {
            if (!resp.isCommitted() && AccessDenials.find(e) != null) {
                held.discard();
                resp.resetBuffer(); // what the application had written before the refusal is not sent
                AccessDenials.respond(e, req, resp);
                return;
            }
            held.release();
            throw e;
        }
        held.release();
    }

    /**
     * Holds back a {@code sendError(500)} made while the chain runs until it has returned: Jersey sends
     * one for an exception no mapper took before it rethrows the exception, which would leave the response
     * committed to the server's error page. Released (sent as made) unless the exception was a refusal; any other
     * status, and anything after the chain returned (an asynchronous request), passes straight through. While
     * held, the application sees the response as committed, as after any {@code sendError}.
     */
    private static final class HeldServerError extends HttpServletResponseWrapper {
        private boolean holding = true;
        private boolean held;
        private String message;

        HeldServerError(HttpServletResponse response) {
            super(response);
        }

        @Override
        public void sendError(int status) throws IOException {
            if (!hold(status, null)) {
                super.sendError(status);
            }
        }

        @Override
        public void sendError(int status, String message) throws IOException {
            if (!hold(status, message)) {
                super.sendError(status, message);
            }
        }

        private synchronized boolean hold(int status, String message) {
            if (!holding || held || status != SC_INTERNAL_SERVER_ERROR || super.isCommitted()) {
                return false;
            }
            held = true;
            this.message = message;
            return true;
        }

        @Override
        public synchronized boolean isCommitted() {
            return held || super.isCommitted();
        }

        synchronized void discard() {
            holding = false;
            held = false;
        }

        synchronized void release() throws IOException {
            holding = false;
            if (held) {
                held = false;
                if (!super.isCommitted()) {
                    if (message == null) {
                        super.sendError(SC_INTERNAL_SERVER_ERROR);
                    } else {
                        super.sendError(SC_INTERNAL_SERVER_ERROR, message);
                    }
                }
            }
        }
    }

    /** Adds {@link AccessDenialFilter} to every application that carries this jar. */
    public static final class Installer implements ServletContainerInitializer {
        /** The initializer, as the server finds it in the jar's {@code META-INF/services}. */
        public Installer() {
        }

        @Override
        public void onStartup(Set<Class<?>> classes, ServletContext context) {
            FilterRegistration.Dynamic filter = context.addFilter(NAME, new AccessDenialFilter());
            if (filter == null) {
                throw new IllegalStateException("jwtgate: a filter named '" + NAME + "' already exists in the application '"
                        + context.getContextPath() + "'; the application will not deploy");
            }
            filter.setAsyncSupported(true);
            filter.addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST, DispatcherType.FORWARD, DispatcherType.ASYNC),
                    false, "/*");
        }
    }
}
