package org.jwtgate.filter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.servlet.DispatcherType;
import java.net.http.HttpResponse;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.ee10.servlet.ErrorPageErrorHandler;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.jose4j.json.JsonUtil;
import org.jwtgate.testing.LocalIssuer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Include, async and error dispatches from a page outside the protected paths to a resource inside
 * them, the filter mapped for every dispatcher type: each is checked at the path of the resource it
 * reaches (Servlet 6.0 §9.3.1 for includes, whose path getters describe the including request).
 */
class DispatchTest {
    private static final String CHALLENGE = "Bearer realm=\"jwtgate\"";

    static LocalIssuer issuer;
    static TestServer server;

    @BeforeAll
    static void start() {
        issuer = LocalIssuer.start();
        ServletContextHandler context = new ServletContextHandler();
        context.setContextPath("/d");
        FilterHolder filter = new FilterHolder(JwtGateFilter.class);
        filter.setInitParameters(Map.of("issuers", issuer.issuer() + "|" + issuer.jwksUri(), "audiences", "api",
                "excluded-paths", "/public/*"));
        filter.setAsyncSupported(true);
        context.addFilter(filter, "/*", EnumSet.allOf(DispatcherType.class));
        context.addServlet(EchoServlet.class, "/target");
        context.addServlet(IncludeServlet.class, "/public/page");
        ServletHolder async = new ServletHolder(AsyncDispatchServlet.class);
        async.setAsyncSupported(true);
        context.addServlet(async, "/public/async");
        context.addServlet(ErrorServlet.class, "/public/teapot");
        ErrorPageErrorHandler errors = new ErrorPageErrorHandler();
        errors.addErrorPage(418, "/target");
        context.setErrorHandler(errors);
        server = new TestServer().add(context).start();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
        issuer.close();
    }

    private static HttpResponse<String> get(String path, String token) {
        var b = server.request(path);
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return TestServer.send(b.GET());
    }

    private static String bob() {
        return issuer.minter().subject("bob").audience("api").sign();
    }

    @Test
    void includeOfAProtectedResourceFromAnExcludedPageDoesNotRunItWithoutAToken() {
        HttpResponse<String> r = get("/d/public/page", null);
        assertEquals(200, r.statusCode(), "the including page is public and answers for itself");
        assertEquals("before||after|refused=401", r.body(), "the included resource did not run, nothing was written");
    }

    @Test
    void includeOfAProtectedResourceFromAnExcludedPageDoesNotRunItWithABadToken() {
        HttpResponse<String> r = get("/d/public/page", bob().replace('.', '!'));
        assertEquals("before||after|refused=401", r.body());
        HttpResponse<String> expired = get("/d/public/page", issuer.minter().subject("bob").audience("api")
                .expiresAt(java.time.Instant.now().minusSeconds(3600)).sign());
        assertEquals("before||after|refused=401", expired.body());
    }

    @Test
    void includeOfAProtectedResourceRunsAsTheCallerOfAValidToken() throws Exception {
        HttpResponse<String> r = get("/d/public/page", bob());
        assertEquals(200, r.statusCode());
        assertTrue(r.body().startsWith("before|{") && r.body().endsWith("}|after"), r.body());
        String included = r.body().substring("before|".length(), r.body().length() - "|after".length());
        assertEquals("bob", JsonUtil.parseJson(included).get("user"));
    }

    @Test
    void asyncDispatchToAProtectedResourceIsCheckedAtItsOwnPath() throws Exception {
        HttpResponse<String> anonymous = get("/d/public/async", null);
        assertEquals(401, anonymous.statusCode(), anonymous.body());
        assertEquals(List.of(CHALLENGE), anonymous.headers().allValues("WWW-Authenticate"));
        HttpResponse<String> r = get("/d/public/async", bob());
        assertEquals(200, r.statusCode(), r.body());
        assertEquals("bob", JsonUtil.parseJson(r.body()).get("user"));
    }

    @Test
    void errorDispatchToAProtectedErrorPageIsCheckedAtItsOwnPath() throws Exception {
        HttpResponse<String> anonymous = get("/d/public/teapot", null);
        assertEquals(401, anonymous.statusCode(), anonymous.body());
        assertEquals(List.of(CHALLENGE), anonymous.headers().allValues("WWW-Authenticate"));
        HttpResponse<String> r = get("/d/public/teapot", bob());
        assertEquals(418, r.statusCode(), r.body());
        assertEquals("bob", JsonUtil.parseJson(r.body()).get("user"));
    }
}
