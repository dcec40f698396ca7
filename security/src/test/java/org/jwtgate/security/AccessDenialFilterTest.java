package org.jwtgate.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.List;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.glassfish.jersey.server.ResourceConfig;
import org.glassfish.jersey.servlet.ServletContainer;
import org.jwtgate.error.Reason;
import org.jwtgate.filter.JwtGateFilter;
import org.jwtgate.testing.LocalIssuer;
import org.junit.jupiter.api.Test;

/**
 * A refusal the application does not map — a servlet letting it out wrapped in a {@code ServletException} or a
 * {@code RuntimeException}, a Jersey resource without an {@code ExceptionMapper} — is answered by the filter that
 * jwtgate-security's initializer adds, with core's bytes over real HTTP (401 bare challenge as jwtgate's filter
 * answers a token-less request, 403 {@code insufficient_scope}), never the server's 500; anything else, and a
 * refusal after the response was committed, is still the server's.
 */
class AccessDenialFilterTest {
    private final HttpClient http = HttpClient.newHttpClient();

    /** Lets every exception out, as a servlet that calls a refused bean without mapping it. */
    public static class UnmappedServlet extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException, ServletException {
            String kind = req.getParameter("kind");
            if (kind == null) {
                throw new IllegalArgumentException("not a refusal");
            }
            RuntimeException refusal = new RuntimeException(new AccessDeniedException(AccessDeniedException.Kind.valueOf(kind)));
            if (req.getParameter("committed") != null) {
                resp.getWriter().write("partial");
                resp.flushBuffer();
                throw refusal;
            }
            if (req.getParameter("buffered") != null) {
                resp.getWriter().write("partial"); // buffered, not sent: the refusal's answer replaces it
            }
            if (req.getParameter("runtime") != null) {
                throw refusal;
            }
            throw new ServletException(refusal);
        }
    }

    /** A JAX-RS resource calling a refused "bean", with no ExceptionMapper for the refusal. */
    @Path("/call")
    public static class Resource {
        @GET
        public String call(@QueryParam("kind") String kind) {
            throw new AccessDeniedException(AccessDeniedException.Kind.valueOf(kind));
        }
    }

    @Test
    void unmappedRefusalsAnswerWithCoresBytesNotA500() throws Exception {
        try (LocalIssuer issuer = LocalIssuer.start()) {
            Server server = new Server();
            ServerConnector connector = new ServerConnector(server);
            server.addConnector(connector);
            ServletContextHandler handler = AccessDenialsTest.context(issuer);
            handler.addServletContainerInitializer(new AccessDenialFilter.Installer());
            JwtGateAuthenticationMechanism mechanism = new JwtGateAuthenticationMechanism();
            mechanism.start(handler.getServletContext());
            handler.addFilter(new FilterHolder(new JwtGateFilter(mechanism.engine())), "/protected/*",
                    EnumSet.of(jakarta.servlet.DispatcherType.REQUEST));
            handler.addServlet(new ServletHolder(new UnmappedServlet()), "/call");
            handler.addServlet(new ServletHolder(new UnmappedServlet()), "/protected/call");
            handler.addServlet(new ServletHolder(new ServletContainer(new ResourceConfig(Resource.class))), "/rest/*");
            server.setHandler(handler);
            server.start();
            try {
                String base = "http://localhost:" + connector.getLocalPort() + "/app";
                HttpResponse<String> filters = get(base + "/protected/call");
                assertEquals(401, filters.statusCode());
                assertEquals(List.of("Bearer realm=\"legacy\""), filters.headers().allValues("WWW-Authenticate"));
                for (String path : List.of("/call?kind=UNAUTHENTICATED", "/call?kind=UNAUTHENTICATED&runtime",
                        "/rest/call?kind=UNAUTHENTICATED")) {
                    AccessDenialsTest.assertSameAnswer(filters, get(base + path), path);
                }
                for (String path : List.of("/call?kind=FORBIDDEN", "/call?kind=FORBIDDEN&runtime", "/call?kind=FORBIDDEN&buffered",
                        "/rest/call?kind=FORBIDDEN")) {
                    assertMissingRole(get(base + path), path);
                }

                assertEquals(500, get(base + "/call").statusCode(), "not a refusal: the server's");
                // committed before the refusal: rethrown, so Jetty aborts the response it had started (200, "partial")
                HttpResponse<InputStream> committed = http.send(HttpRequest.newBuilder(URI.create(base
                        + "/call?kind=FORBIDDEN&committed")).build(), HttpResponse.BodyHandlers.ofInputStream());
                assertEquals(200, committed.statusCode());
                ByteArrayOutputStream body = new ByteArrayOutputStream();
                assertThrows(IOException.class, () -> committed.body().transferTo(body), "the server aborted it");
                assertEquals("partial", body.toString(StandardCharsets.UTF_8));
            } finally {
                server.stop();
                mechanism.close();
            }
        }
    }

    private HttpResponse<String> get(String uri) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(uri)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void assertMissingRole(HttpResponse<String> r, String path) {
        assertEquals(403, r.statusCode(), path + ": " + r.body());
        assertEquals(List.of("Bearer realm=\"legacy\", error=\"insufficient_scope\", error_description=\""
                + Reason.MISSING_ROLE.description() + "\""), r.headers().allValues("WWW-Authenticate"), path);
        assertEquals("{\"error\":\"insufficient_scope\",\"error_description\":\"" + Reason.MISSING_ROLE.description()
                + "\"}", r.body(), path);
        assertEquals(List.of("no-store"), r.headers().allValues("Cache-Control"), path);
    }
}
