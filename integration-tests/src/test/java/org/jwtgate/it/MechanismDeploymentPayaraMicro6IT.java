package org.jwtgate.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Jakarta Security's mechanism (jwtgate-security, no listener) builds its engine at deployment on Payara Micro 6,
 * so a bad {@code jwtgate.*} context-param fails that application's deployment, not its requests: the legacy WAR
 * in its mechanism variant as it is and with bad values (Payara Micro loads no application after one that failed,
 * so one bad WAR a start).
 */
class MechanismDeploymentPayaraMicro6IT {
    @Test
    void aConfigurationOnlyTheMechanismRefusesFailsTheDeploymentAndAGoodOneBuildsItsEngineAtDeployment() throws Exception {
        Container.Webapp good = LegacyWars.withMechanism();
        // values jwtgate-filter's JwtGateListener (in every application carrying the mechanism) accepts, as it checks
        // each value alone: only the configuration's build, the mechanism's, refuses them
        Container.Webapp bad = LegacyWars.withMechanism("legacy-bad",
                Map.of("jwtgate.issuers", "https://issuer.example/a https://issuer.example/a"));
        try (Container c = Container.launchPayaraMicro(good, List.of(bad), Map.of())) {
            String output = awaitReady(c, Duration.ofSeconds(240));
            assertEquals(200, c.status(good.readyPath()), "the good application is deployed:\n" + c.tail());
            int built = output.indexOf("the mechanism of '/legacy' built its engine");
            assertTrue(built >= 0 && built < output.indexOf("Loading application [legacy]"),
                    "the good application's engine is built at deployment:\n" + c.tail());
            assertNotDeployed(c, output, bad, "jwtgate: parameter 'issuers': issuer 'https://issuer.example/a' is listed twice",
                    "(from context-param 'jwtgate.issuers')");
        }
    }

    @Test
    void aBadValueFailsTheDeploymentWithOneLine() throws Exception {
        // the mechanism and jwtgate-filter's JwtGateListener both read it: one line between them
        Container.Webapp bad = LegacyWars.withMechanism("legacy-bad", Map.of("jwtgate.clock-skew", "banana"));
        try (Container c = Container.launchPayaraMicro(bad, List.of(), Map.of())) {
            assertNotDeployed(c, awaitReady(c, Duration.ofSeconds(240)), bad,
                    "jwtgate: parameter 'clock-skew': 'banana' is not a duration", "(from context-param 'jwtgate.clock-skew')");
        }
    }

    /** {@code webapp} is not deployed (404, not 200 nor 500), and jwtgate's one SEVERE line {@code expected} says why. */
    private static void assertNotDeployed(Container c, String output, Container.Webapp webapp, String expected, String source)
            throws Exception {
        assertEquals(404, status(c.base().resolve(webapp.context() + webapp.readyPath())),
                webapp.context() + " is not deployed:\n" + c.tail());
        assertEquals(404, status(c.base().resolve(webapp.context() + "/user/caller")), c.tail());
        assertFalse(output.contains("the mechanism of '" + webapp.context() + "' built its engine"), c.tail());
        List<String> lines = FailedDeploymentContract.jwtgateLines(output, expected);
        assertEquals(1, lines.size(), "one jwtgate line naming the parameter:\n" + String.join("\n", lines) + "\n" + c.tail());
        assertTrue(lines.get(0).contains(source), lines.get(0));
        assertTrue(lines.get(0).contains("SEVERE") || lines.get(0).contains("ERROR"), lines.get(0));
    }

    private static String awaitReady(Container c, Duration within) throws Exception {
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline) {
            String output = c.output();
            if (output.contains(" ready in ")) {
                return output;
            }
            if (!c.isAlive()) {
                fail("Payara Micro exited:\n" + c.tail());
            }
            Thread.sleep(250); // polling a starting server
        }
        return fail("Payara Micro was not ready within " + within + ":\n" + c.tail());
    }

    private static int status(URI uri) throws IOException, InterruptedException {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(2)).build()
                .send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
