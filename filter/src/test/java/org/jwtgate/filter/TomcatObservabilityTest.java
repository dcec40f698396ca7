package org.jwtgate.filter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Set;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleState;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.descriptor.web.FilterDef;
import org.apache.tomcat.util.descriptor.web.FilterMap;
import org.jwtgate.testing.LocalIssuer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * On embedded Tomcat 11: the filter's MBeans are registered when the context starts and gone when it
 * stops (no leak across a stop/start cycle, the same names again), and the health servlet answers 200
 * with the issuers' state, 503 once an issuer's keys are unavailable.
 */
class TomcatObservabilityTest {
    private static final MBeanServer JMX = ManagementFactory.getPlatformMBeanServer();

    @TempDir
    static Path base;
    static LocalIssuer up;
    static LocalIssuer down;
    static Tomcat tomcat;
    static Context context;
    static int port;

    /** 200 "ok" for whatever passes the filter. */
    public static final class Ok extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            resp.getWriter().write("ok");
        }
    }

    @BeforeAll
    static void start() throws Exception {
        up = LocalIssuer.start();
        down = LocalIssuer.start();
        down.outage(true);
        tomcat = new Tomcat();
        tomcat.setBaseDir(base.toString());
        tomcat.getConnector().setPort(0);
        tomcat.getConnector().setProperty("address", "127.0.0.1");
        context = tomcat.addContext("/orders", base.toString());
        FilterDef filter = new FilterDef();
        filter.setFilterName("jwtgate");
        filter.setFilterClass(JwtGateFilter.class.getName());
        filter.addInitParameter("issuers", up.issuer() + "|" + up.jwksUri() + " " + down.issuer() + "|" + down.jwksUri());
        filter.addInitParameter("audiences", "api");
        filter.addInitParameter("protected-paths", "/api/*");
        context.addFilterDef(filter);
        FilterMap map = new FilterMap();
        map.setFilterName("jwtgate");
        map.addURLPattern("/*");
        context.addFilterMap(map);
        Tomcat.addServlet(context, "health", JwtGateHealthServlet.class.getName());
        context.addServletMappingDecoded("/health/jwtgate", "health");
        Tomcat.addServlet(context, "ok", Ok.class.getName());
        context.addServletMappingDecoded("/api/*", "ok");
        tomcat.start();
        port = tomcat.getConnector().getLocalPort();
    }

    @AfterAll
    static void stop() throws Exception {
        tomcat.stop();
        tomcat.destroy();
        up.close();
        down.close();
        assertTrue(mbeans().isEmpty(), "nothing left once Tomcat stopped");
    }

    private static Set<ObjectName> mbeans() throws Exception {
        return JMX.queryNames(new ObjectName("org.jwtgate:app=\"/orders\",*"), null);
    }

    private static HttpResponse<String> get(String path, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/orders" + path));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return TestServer.CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void mbeansFollowTheContextAndHealthFollowsTheIssuers() throws Exception {
        ObjectName engine = new ObjectName("org.jwtgate:type=Engine,app=\"/orders\",name=\"jwtgate\"");
        ObjectName upKeys = new ObjectName("org.jwtgate:type=KeySet,app=\"/orders\",engine=\"jwtgate\",name="
                + ObjectName.quote(up.issuer()));
        assertEquals(Set.of(engine, upKeys, new ObjectName("org.jwtgate:type=KeySet,app=\"/orders\",engine=\"jwtgate\",name="
                + ObjectName.quote(down.issuer()))), mbeans());

        HttpResponse<String> health = get("/health/jwtgate", null);
        assertEquals(200, health.statusCode());
        assertEquals("application/json", health.headers().firstValue("Content-Type").orElse("").split(";")[0]);
        assertTrue(health.body().startsWith("{\"status\":\"UP\""), health.body());
        assertTrue(health.body().contains(up.issuer()), health.body());

        assertEquals(200, get("/api/orders", up.minter().audience("api").subject("alice").sign()).statusCode());
        assertEquals(1L, JMX.getAttribute(engine, "decisions.authenticated.none"));
        assertEquals(1L, JMX.getAttribute(upKeys, "jwks.fetches.ok"));
        assertEquals(503, get("/api/orders", down.minter().audience("api").subject("bob").sign()).statusCode());
        assertEquals(1L, JMX.getAttribute(engine, "decisions.keys_unavailable.none"));

        health = get("/health/jwtgate", null);
        assertEquals(503, health.statusCode(), "an issuer's keys are unavailable");
        assertTrue(health.body().startsWith("{\"status\":\"DOWN\""), health.body());
        assertFalse(health.body().contains(down.jwksUri()), "configured issuer names only, no JWKS URL");
        assertEquals("DOWN", JMX.getAttribute(engine, "status"));

        context.stop();
        assertEquals(LifecycleState.STOPPED, context.getState());
        assertTrue(mbeans().isEmpty(), "a stopped context leaves no MBean: " + mbeans());
        context.start();
        assertEquals(Set.of(engine, upKeys, new ObjectName("org.jwtgate:type=KeySet,app=\"/orders\",engine=\"jwtgate\",name="
                + ObjectName.quote(down.issuer()))), mbeans(), "started again: the same names, no instance=2");
        assertEquals(0L, JMX.getAttribute(engine, "decisions.authenticated.none"), "a new engine, new counts");
    }
}
