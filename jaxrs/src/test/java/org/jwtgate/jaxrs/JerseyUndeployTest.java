package org.jwtgate.jaxrs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.glassfish.jersey.servlet.ServletContainer;
import org.jwtgate.filter.TestServer;
import org.jwtgate.filter.WebXml;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Undeploying a Jersey application stops the background refresh thread of the engine the feature
 * created (found on Tomcat: "started a thread named [jwtgate-jwks-refresh] but has failed to stop it").
 * No garbage collection is asked for: before the fix the thread stopped only once the engine was garbage.
 */
class JerseyUndeployTest {
    private static final String REFRESH_THREAD = "jwtgate-jwks-refresh";

    @TempDir
    Path dir;

    private static Set<Thread> refreshThreads() {
        return Set.copyOf(Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals(REFRESH_THREAD))
                .filter(Thread::isAlive).toList());
    }

    @Test
    void undeployStopsTheFeaturesRefreshThread() throws Exception {
        Set<Thread> before = refreshThreads();
        List<Thread> ours;
        try (TestServer server = new TestServer().add("/app", new WebXml()
                .contextParams(Map.of("jwtgate.issuers", "https://idp.example.com/realms/main", "jwtgate.audiences", "api"))
                .servlet("jaxrs", ServletContainer.class.getName(),
                        Map.of("jakarta.ws.rs.Application", TestApplication.class.getName()), "/api/*"), dir)
                .start()) {
            assertEquals(401, TestServer.send(server.request("/app/api/orders")).statusCode());
            ours = refreshThreads().stream().filter(t -> !before.contains(t)).toList();
            assertEquals(1, ours.size(), "the feature's engine runs one refresh thread");
        }
        for (Thread t : ours) {
            t.join(5_000);
            assertFalse(t.isAlive(), "jwtgate-jwks-refresh still runs after undeploy");
        }
    }
}
