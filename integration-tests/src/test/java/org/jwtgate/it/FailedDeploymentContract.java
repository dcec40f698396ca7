package org.jwtgate.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jwtgate.keys.JwksPublisher;
import org.jwtgate.keys.PublisherConfig;
import org.jwtgate.tenant.TenantId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A wrong configuration fails the deployment of the unchanged sample WAR on every container, with no
 * container-specific setting (the sample has no {@code failCtxIfServletStartFails}): the application
 * is not deployed ({@code /health} is not 200: the container answers 404 or 503, or exits), and
 * jwtgate logs one line naming the parameter. A new container kind needs a five-line subclass naming
 * its {@link Container.Kind} (and {@link #hasMicroProfileConfig()} for Payara), and
 * {@link Container#launch} for that kind.
 */
abstract class FailedDeploymentContract {
    @TempDir
    Path dir;

    abstract Container.Kind kind();

    /** Whether the container has MicroProfile Config (Payara), whose {@code jwtgate.*} keys configure the filter. */
    boolean hasMicroProfileConfig() {
        return false;
    }

    @Test
    void aBadValueStopsTheDeployment() throws Exception {
        Map<String, String> env = new HashMap<>();
        env.put("JWTGATE_JWKS_REFRESH_INTERVAL", "banana");
        String output = assertNotDeployed(env, null, "jwtgate: parameter 'jwks-refresh-interval': 'banana' is not a duration");
        assertTrue(output.contains("(from context-param 'jwtgate.jwks-refresh-interval'); the "), output);
    }

    @Test
    void aWrongKeyPasswordStopsTheDeployment() throws Exception {
        Path data = dir.resolve("data");
        // acme's keys, written by an earlier deployment with another password
        try (JwksPublisher earlier = JwksPublisher.create(PublisherConfig.builder()
                .managed(Files.createDirectories(data.resolve("keys")), "the-password-of-another-day")
                .issuer("http://127.0.0.1/t/{tenant}").tenants(List.of(TenantId.of("acme"))).build())) {
            assertTrue(earlier.jwks(TenantId.of("acme")).isPresent());
        }
        String output = assertNotDeployed(new HashMap<>(), data, "jwtgate: parameter 'key-password': (value hidden) does not open");
        assertTrue(output.contains("the JWKS servlet 'jwks' is not started and the application will not deploy"), output);
        assertTrue(!output.contains(Container.KEY_PASSWORD), "the password is never logged");
    }

    @Test
    void aBadValueFromMicroProfileConfigStopsTheDeployment() throws Exception {
        assumeTrue(hasMicroProfileConfig(), kind() + " has no MicroProfile Config");
        Map<String, String> env = new HashMap<>();
        env.put("JAVA_TOOL_OPTIONS", "-Djwtgate.clock-skew=banana");
        String output = assertNotDeployed(env, null, "jwtgate: parameter 'clock-skew': 'banana' is not a duration");
        assertTrue(output.contains("(from MicroProfile Config 'jwtgate.clock-skew')"), output);
    }

    /**
     * Starts the sample with {@code env}, waits until the deployment has failed and the container has
     * settled, and checks: {@code /health} is not 200, and jwtgate's ERROR line {@code expected} appears
     * once. Returns the container's output.
     */
    private String assertNotDeployed(Map<String, String> env, Path dataDir, String expected) throws Exception {
        long t0 = System.nanoTime();
        try (Container c = Container.launch(kind(), env, dataDir)) {
            String output = awaitSettled(c, expected, Duration.ofSeconds(kind() == Container.Kind.PAYARA_MICRO_6 ? 240 : 90));
            int health = c.isAlive() ? c.status("/health") : -1;
            if (health == -1 && c.awaitExit(Duration.ofSeconds(30))) {
                // a launcher that found its application not started and is shutting down
                health = -2;
            }
            if (health != -2) {
                assertNotEquals(-1, health, "the server must answer (404 or 503):\n" + c.tail());
                assertNotEquals(200, health, "the application must not be deployed:\n" + c.tail());
                System.out.println(kind() + ": not deployed, /health answers " + health + " ("
                        + (System.nanoTime() - t0) / 1_000_000 + " ms)");
            } else {
                System.out.println(kind() + ": not deployed, the container exited ("
                        + (System.nanoTime() - t0) / 1_000_000 + " ms)");
            }
            assertEquals(1, jwtgateLines(output, expected).size(), "one jwtgate line naming the parameter:\n"
                    + String.join("\n", jwtgateLines(output, expected)));
            return output;
        }
    }

    /**
     * jwtgate's own log lines with {@code text}: those where the text does not follow an exception's
     * class name and a colon (the container's report of the failure, with its stack trace, repeats the
     * message as {@code …StartupFailure: jwtgate: …}).
     */
    static List<String> jwtgateLines(String output, String text) {
        return output.lines().filter(l -> l.contains(text))
                .filter(l -> !l.substring(0, l.indexOf(text)).matches(".*(Exception|Failure|Error):\\s*$"))
                .filter(l -> !l.contains("Caused by"))
                .toList();
    }

    /**
     * Until the JVM exited, or the failure was logged and the server went on: a launcher's or Payara
     * Micro's ready line, or (for servers without one) {@code /health} answering at all. Never a fixed
     * wait: a slow server that is still starting must not pass for one that refused the application.
     */
    private static String awaitSettled(Container c, String expected, Duration within) throws Exception {
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline) {
            String output = c.output();
            if (!c.isAlive()) {
                if (!output.contains(expected)) {
                    fail(c.kind() + " exited without the line '" + expected + "':\n" + c.tail());
                }
                return output;
            }
            if (output.contains(expected)) {
                boolean ready = output.contains("READY ") || output.contains("FAILED ") || output.contains(" ready in ");
                boolean readyMarker = c.kind() == Container.Kind.JETTY_12 || c.kind() == Container.Kind.TOMCAT_11
                        || c.kind() == Container.Kind.TOMCAT_10_1 || c.kind() == Container.Kind.PAYARA_MICRO_6;
                if (ready || (!readyMarker && c.status("/health") != -1)) {
                    return c.output();
                }
            }
            Thread.sleep(250); // polling a starting server
        }
        return fail(c.kind() + " did not settle with '" + expected + "' within " + within + ":\n" + c.tail());
    }
}
