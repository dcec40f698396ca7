package org.jwtgate.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.EnumSet;
import java.util.List;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.jwtgate.error.Reason;
import org.jwtgate.filter.JwtGateFilter;
import org.jwtgate.testing.LocalIssuer;
import org.junit.jupiter.api.Test;

/**
 * A servlet that maps a CDI bean's refusal with {@link AccessDenials} answers with core's bytes over real HTTP:
 * without a caller exactly what jwtgate's filter answers a token-less request on a protected path (401, bare
 * challenge), with a caller lacking the role 403 {@code insufficient_scope} for a missing role, as the filter
 * and JAX-RS paths answer it. The engine is the one {@link JwtGateAuthenticationMechanism} publishes.
 */
class AccessDenialsTest {
    private final HttpClient http = HttpClient.newHttpClient();

    /** Calls a "bean" that refuses as the interceptor does, wrapped as a CDI container may wrap it. */
    public static class CallingServlet extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            try {
                if (req.getParameter("kind") == null) {
                    throw new IllegalArgumentException("not a refusal");
                }
                throw new RuntimeException(new AccessDeniedException(AccessDeniedException.Kind.valueOf(req.getParameter("kind"))));
            } catch (RuntimeException e) {
                if (!AccessDenials.respond(e, req, resp)) {
                    resp.setStatus(418);
                }
            }
        }
    }

    @Test
    void refusalsAnswerWithCoresBytes() throws Exception {
        try (LocalIssuer issuer = LocalIssuer.start()) {
            Server server = new Server();
            ServerConnector connector = new ServerConnector(server);
            server.addConnector(connector);
            ServletContextHandler handler = context(issuer);
            JwtGateAuthenticationMechanism mechanism = new JwtGateAuthenticationMechanism();
            mechanism.start(handler.getServletContext());
            handler.addFilter(new FilterHolder(new JwtGateFilter(mechanism.engine())), "/protected/*",
                    EnumSet.of(jakarta.servlet.DispatcherType.REQUEST));
            handler.addServlet(new ServletHolder(new CallingServlet()), "/call");
            handler.addServlet(new ServletHolder(new CallingServlet()), "/protected/call");
            server.setHandler(handler);
            server.start();
            try {
                String base = "http://localhost:" + connector.getLocalPort() + "/app";
                HttpResponse<String> filters = get(base + "/protected/call");
                HttpResponse<String> unauthenticated = get(base + "/call?kind=UNAUTHENTICATED");
                assertEquals(401, filters.statusCode());
                assertEquals(List.of("Bearer realm=\"legacy\""), filters.headers().allValues("WWW-Authenticate"));
                assertSameAnswer(filters, unauthenticated);

                HttpResponse<String> forbidden = get(base + "/call?kind=FORBIDDEN");
                assertEquals(403, forbidden.statusCode());
                assertEquals(List.of("Bearer realm=\"legacy\", error=\"insufficient_scope\", error_description=\""
                        + Reason.MISSING_ROLE.description() + "\""), forbidden.headers().allValues("WWW-Authenticate"));
                assertEquals("{\"error\":\"insufficient_scope\",\"error_description\":\"" + Reason.MISSING_ROLE.description()
                        + "\"}", forbidden.body());
                assertEquals(List.of("no-store"), forbidden.headers().allValues("Cache-Control"));

                assertEquals(418, get(base + "/call").statusCode(), "not a refusal: left to the servlet");
            } finally {
                server.stop();
                mechanism.close();
            }
        }
    }

    @Test
    void aRefusalWithoutAnEngineIsAConfigurationError() {
        ServletContextHandler handler = new ServletContextHandler("/bare");
        HttpServletRequest request = (HttpServletRequest) java.lang.reflect.Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {HttpServletRequest.class}, (proxy, m, args) -> m.getName().equals("getServletContext")
                        ? handler.getServletContext() : null);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> AccessDenials.respond(
                new AccessDeniedException(AccessDeniedException.Kind.FORBIDDEN), request, null));
        assertFalse(e.getMessage().contains("FORBIDDEN"));
    }

    private HttpResponse<String> get(String uri) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(uri)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The application {@code /app} trusting {@code issuer}, realm {@code legacy}, {@code mode=required}. */
    static ServletContextHandler context(LocalIssuer issuer) {
        ServletContextHandler handler = new ServletContextHandler("/app");
        handler.setInitParameter("jwtgate.issuers", issuer.issuer() + "|" + issuer.jwksUri());
        handler.setInitParameter("jwtgate.audiences", "api");
        handler.setInitParameter("jwtgate.realm", "legacy");
        handler.setInitParameter("jwtgate.mode", "required");
        return handler;
    }

    private static void assertSameAnswer(HttpResponse<String> expected, HttpResponse<String> actual) {
        assertSameAnswer(expected, actual, "");
    }

    static void assertSameAnswer(HttpResponse<String> expected, HttpResponse<String> actual, String what) {
        assertEquals(expected.statusCode(), actual.statusCode(), what + ": " + actual.body());
        for (String h : List.of("WWW-Authenticate", "Cache-Control", "Content-Type", "Content-Length")) {
            assertEquals(expected.headers().allValues(h), actual.headers().allValues(h), what + " " + h);
        }
        assertEquals(expected.body(), actual.body(), what);
    }
}
