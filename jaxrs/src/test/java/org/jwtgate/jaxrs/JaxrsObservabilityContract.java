package org.jwtgate.jaxrs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.jwtgate.filter.TestServer;
import org.jwtgate.filter.WebXml;
import org.jwtgate.testing.LocalIssuer;
import org.jwtgate.testing.TokenMinter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine a {@link JwtGateFeature} creates is visible over JMX while its application runs, under the
 * context path and {@code jaxrs:<servlet-name>}, and leaves no MBean once the application is undeployed:
 * on a runtime with a shutdown callback (Jersey) when it stops, on one without (RESTEasy as a plain servlet)
 * once the engine is garbage. Read through the platform MBean server, a real runtime in a real Jetty 12,
 * over HTTP, against a real local issuer. One subclass per runtime.
 */
abstract class JaxrsObservabilityContract {
    private static final MBeanServer JMX = ManagementFactory.getPlatformMBeanServer();

    @TempDir
    Path dir;

    /** The runtime under test. */
    abstract JaxrsRuntime runtime();

    /** Whether the runtime tells the feature when the application stops (else the engine leaves JMX when garbage). */
    abstract boolean hasShutdownCallback();

    static Set<String> mbeans(String app) throws Exception {
        Set<String> names = new TreeSet<>();
        JMX.queryNames(new ObjectName("org.jwtgate:app=" + ObjectName.quote(app) + ",*"), null).forEach(n -> names.add(n.toString()));
        return names;
    }

    private static HttpResponse<String> get(TestServer server, String path, String token) throws Exception {
        var request = server.request(path);
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return TestServer.send(request);
    }

    @Test
    void theFeaturesOwnEngineIsReadOverJmxWhileDeployedAndLeavesNoMBeanAfterUndeploy() throws Exception {
        String app = "/obs-" + getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT);
        try (LocalIssuer issuer = LocalIssuer.start()) {
            TokenMinter alice = issuer.minter().audience("api").subject("alice");
            ObjectName engine = new ObjectName("org.jwtgate:type=Engine,app=" + ObjectName.quote(app) + ",name="
                    + ObjectName.quote("jaxrs:orders-api"));
            ObjectName keys = new ObjectName("org.jwtgate:type=KeySet,app=" + ObjectName.quote(app) + ",engine="
                    + ObjectName.quote("jaxrs:orders-api") + ",name=" + ObjectName.quote(issuer.issuer()));
            JaxrsRuntime rt = runtime();
            try (TestServer server = new TestServer().add(app, new WebXml()
                    .contextParams(Map.of("jwtgate.issuers", issuer.issuer() + "|" + issuer.jwksUri(), "jwtgate.audiences", "api"))
                    .servlet("orders-api", rt.servletClass(), rt.initParams(TestApplication.class, "/api"), "/api/*"), dir)
                    .start()) {
                assertEquals(Set.of(engine.toString(), keys.toString()), mbeans(app), "one engine named after the servlet, "
                        + "one key set");
                assertEquals(0L, JMX.getAttribute(engine, "decisions.authenticated.none"));
                assertEquals(200, get(server, app + "/api/orders", alice.sign()).statusCode());
                assertEquals(200, get(server, app + "/api/orders", alice.subject("bob").sign()).statusCode());
                assertEquals(401, get(server, app + "/api/orders", null).statusCode());
                assertEquals(401, get(server, app + "/api/orders", alice.expiresIn(Duration.ofMinutes(-10)).sign()).statusCode());
                assertEquals(2L, JMX.getAttribute(engine, "decisions.authenticated.none"));
                assertEquals(1L, JMX.getAttribute(engine, "decisions.no_credentials.none"));
                assertEquals(1L, JMX.getAttribute(engine, "decisions.rejected.expired"));
                assertEquals(2L, JMX.getAttribute(keys, "decisions.authenticated.none"), "per issuer");
                assertEquals(1L, JMX.getAttribute(keys, "jwks.fetches.ok"));
                assertEquals(1.0, JMX.getAttribute(keys, "jwks.keys"));
                assertEquals("UP", JMX.getAttribute(engine, "status"));
            }
            if (hasShutdownCallback()) {
                assertEquals(Set.of(), mbeans(app), "unregistered when the application stopped");
            } else {
                for (int i = 0; i < 200 && !mbeans(app).isEmpty(); i++) {
                    System.gc();
                    Thread.sleep(100); // the collector, then the refresh thread's next tick (1 s)
                }
                assertEquals(Set.of(), mbeans(app), "unregistered once the undeployed engine was garbage");
            }
            assertFalse(JMX.isRegistered(engine));
            assertTrue(mbeans(app).isEmpty());
        }
    }
}
