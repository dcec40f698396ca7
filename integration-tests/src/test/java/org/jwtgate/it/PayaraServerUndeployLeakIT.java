package org.jwtgate.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Deploys and undeploys the sample five times on Payara Server ({@code asadmin deploy}/{@code undeploy},
 * on the domain the other Payara Server tests share) and finds no {@code jwtgate-*} thread, and no more
 * web application class loaders after the fifth undeploy than after the first: nothing accumulates.
 *
 * <p>Not zero, measured with a heap dump (Payara Server 6.2025.9): Payara keeps the last deployed
 * application's loader in {@code ContextConfig.contextDigester} (replaced by the next deployment), and
 * its "EJB Container Timer" thread, started lazily during the first request that needs the EJB
 * container, inherits that request's {@code SecurityContext} (an inheritable thread-local holding the
 * caller, a {@code JwtPrincipal}) and so keeps that one deployment's loader until the server stops.
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
            long afterFirst = -1;
            for (int i = 1; i <= 5; i++) {
                payara.deploy();
                UndeployLeaks.exercise(c);
                assertEquals(List.of("jwtgate-jwks-refresh"), UndeployLeaks.jwtgateThreads(pid).stream().distinct().toList(),
                        "the sample runs (cycle " + i + ")");
                payara.undeploy();
                if (i == 1) {
                    afterFirst = UndeployLeaks.instances(pid, LOADER);
                }
            }
            assertEquals(List.of(), UndeployLeaks.jwtgateThreads(pid), "jwtgate threads alive after undeploy");
            long loaders = UndeployLeaks.instances(pid, LOADER);
            String diagnosis = "";
            if (loaders != afterFirst) { // for the diagnosis: what holds the class loader
                Path dump = Container.containers().resolve("logs/payara-leak-" + pid + ".hprof");
                UndeployLeaks.jcmd(pid, "GC.heap_dump", dump.toString());
                diagnosis = "; heap dump: " + dump;
            }
            assertEquals(afterFirst, loaders, "web application class loaders after GC, after the first and the fifth undeploy" + diagnosis);
        }
    }
}
