package org.jwtgate.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Deploys and undeploys the sample five times on Payara Server ({@code asadmin deploy}/{@code undeploy},
 * on the domain the other Payara Server tests share) and finds no {@code jwtgate-*} thread and no more
 * web application class loaders after a GC than before the first deployment.
 */
class PayaraServerUndeployLeakIT {
    private static final String LOADER = "org.glassfish.web.loader.WebappClassLoader";

    @Test
    void fiveDeployUndeployCyclesLeaveNothing() throws Exception {
        try (Container c = Container.start(Container.Kind.PAYARA_SERVER_6, Map.of("JWTGATE_DEMO_TOKENS", "true"))) {
            PayaraServer.Running payara = c.payara();
            long pid = c.pid();
            UndeployLeaks.exercise(c);
            payara.undeploy();
            long loadersWithoutSample = UndeployLeaks.instances(pid, LOADER);
            for (int i = 1; i <= 5; i++) {
                payara.deploy();
                UndeployLeaks.exercise(c);
                assertEquals(List.of("jwtgate-jwks-refresh"), UndeployLeaks.jwtgateThreads(pid).stream().distinct().toList(),
                        "the sample runs (cycle " + i + ")");
                payara.undeploy();
            }
            assertEquals(List.of(), UndeployLeaks.jwtgateThreads(pid), "jwtgate threads alive after undeploy");
            assertEquals(loadersWithoutSample, UndeployLeaks.instances(pid, LOADER), "web application class loaders after GC");
        }
    }
}
