package org.jwtgate.jaxrs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jboss.resteasy.plugins.server.servlet.HttpServlet30Dispatcher;
import org.jwtgate.filter.JwtGateListener;
import org.jwtgate.filter.TestServer;
import org.jwtgate.filter.WebXml;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Stopping a RESTEasy application stops the engine the feature created, though RESTEasy (outside CDI)
 * has no shutdown callback: the feature hands it to the servlet context's registry, which jwtgate-filter's
 * listener closes with the context (declared here: this embedded Jetty runs no container initializer).
 * No garbage collection is asked for: before the fix the thread stopped only once the engine was garbage.
 */
class ResteasyUndeployTest {
    @TempDir
    Path dir;

    private static Set<Thread> jwtgateThreads() {
        return Set.copyOf(Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith("jwtgate-"))
                .filter(Thread::isAlive).toList());
    }

    @Test
    void stoppingTheContextStopsTheFeaturesThreads() throws Exception {
        Set<Thread> before = jwtgateThreads();
        List<Thread> ours;
        try (TestServer server = new TestServer().add("/app", new WebXml()
                .contextParams(Map.of("jwtgate.issuers", "https://idp.example.com/realms/main", "jwtgate.audiences", "api"))
                .listener(JwtGateListener.class.getName())
                .servlet("jaxrs", HttpServlet30Dispatcher.class.getName(), Map.of("jakarta.ws.rs.Application",
                        TestApplication.class.getName(), "resteasy.servlet.mapping.prefix", "/api"), "/api/*"), dir)
                .start()) {
            assertEquals(401, TestServer.send(server.request("/app/api/orders")).statusCode());
            ours = jwtgateThreads().stream().filter(t -> !before.contains(t)).toList();
            assertTrue(ours.stream().anyMatch(t -> t.getName().equals("jwtgate-jwks-refresh")),
                    "the feature's engine runs its refresh thread: " + ours);
        }
        // close() joined them (bounded by the fetch timeouts); no waiting here beyond a bounded join
        for (Thread t : ours) {
            t.join(5_000);
        }
        assertEquals(List.of(), ours.stream().filter(Thread::isAlive).map(Thread::getName).toList(),
                "no jwtgate thread outlives the stopped context");
    }
}
