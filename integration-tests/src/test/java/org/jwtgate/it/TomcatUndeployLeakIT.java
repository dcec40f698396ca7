package org.jwtgate.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Deploys and undeploys the sample five times on the Tomcat 11 distribution through the Manager
 * (text interface, a manager-script user) and finds nothing left behind: no {@code jwtgate-*} thread
 * in Tomcat's JVM, no class loader of the sample (the Manager's {@code findleaks}, and the count of
 * web application class loaders after a GC), and none of Tomcat's warnings about threads it had to stop
 * or memory leaks of /sample.
 */
class TomcatUndeployLeakIT {
    private static final String LOADER = "org.apache.catalina.loader.ParallelWebappClassLoader";

    @Test
    void fiveDeployUndeployCyclesLeaveNothing() throws Exception {
        try (Container c = Container.start(Container.Kind.TOMCAT_11_DIST, Map.of("JWTGATE_DEMO_TOKENS", "true"))) {
            TomcatDistribution.Manager manager = c.manager();
            long pid = c.pid();
            UndeployLeaks.exercise(c);
            assertTrue(manager.command("undeploy?path=/sample").startsWith("OK"));
            long loadersWithoutSample = UndeployLeaks.instances(pid, LOADER);
            String war = Container.Webapp.SAMPLE.file().toUri().toString();
            for (int i = 1; i <= 5; i++) {
                String deployed = manager.command("deploy?path=/sample&war=" + war);
                assertTrue(deployed.startsWith("OK"), deployed);
                UndeployLeaks.exercise(c);
                assertEquals(List.of("jwtgate-jwks-refresh"), UndeployLeaks.jwtgateThreads(pid).stream().distinct().toList(),
                        "the sample runs (cycle " + i + ")");
                String undeployed = manager.command("undeploy?path=/sample");
                assertTrue(undeployed.startsWith("OK"), undeployed);
            }
            assertEquals(List.of(), UndeployLeaks.jwtgateThreads(pid), "jwtgate threads alive after undeploy");
            String leaks = manager.command("findleaks?statusLine=true");
            if (leaks.contains("/sample")) { // for the diagnosis: what holds the class loader
                Path dump = Container.containers().resolve("logs/tomcat-leak-" + pid + ".hprof");
                UndeployLeaks.jcmd(pid, "GC.heap_dump", dump.toString());
                leaks += "\nheap dump: " + dump + "\nheap after GC:\n" + UndeployLeaks.heapOf(pid);
            }
            assertTrue(leaks.startsWith("OK") && !leaks.contains("/sample"), leaks);
            assertEquals(loadersWithoutSample, UndeployLeaks.instances(pid, LOADER), "web application class loaders after GC");
            List<String> warnings = c.output().lines().filter(l -> (l.contains("failed to stop it") && l.contains("jwtgate"))
                    || (l.contains("memory leak") && l.contains("[sample]"))).toList();
            assertEquals(List.of(), warnings);
        }
    }
}
