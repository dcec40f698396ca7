package org.jwtgate.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** What the deploy/undeploy leak tests ask of a server's JVM and of the deployed sample. */
final class UndeployLeaks {
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private UndeployLeaks() {
    }

    /**
     * Waits for the freshly deployed sample, then makes both jwtgate engines work: the filter's, and the
     * JAX-RS feature's (Jersey starts the application on its first request, so a request with a valid
     * demo token must reach it).
     */
    static void exercise(Container c) throws Exception {
        c.awaitReady(Duration.ofSeconds(120));
        HttpResponse<String> token = HTTP.send(HttpRequest.newBuilder(c.uri("/demo/token")).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/x-www-form-urlencoded").header("Accept", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString("tenant=acme&subject=alice&roles=staff&scope=orders:read")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, token.statusCode(), token.body());
        HttpResponse<String> me = HTTP.send(HttpRequest.newBuilder(c.uri("/api/rest/me")).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token.body().trim()).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, me.statusCode(), me.body());
    }

    /** {@code jcmd <pid> <command>}: its output. */
    static String jcmd(long pid, String... command) throws Exception {
        String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
        List<String> cmd = new java.util.ArrayList<>(List.of(jcmd, Long.toString(pid)));
        cmd.addAll(List.of(command));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("jcmd " + String.join(" ", command) + " failed:\n" + out);
        }
        return out;
    }

    /** The names of the live threads whose name starts with {@code jwtgate-}. */
    static List<String> jwtgateThreads(long pid) throws Exception {
        return jcmd(pid, "Thread.print").lines().filter(l -> l.startsWith("\"jwtgate-"))
                .map(l -> l.substring(1, l.indexOf('"', 1))).toList();
    }

    /** For failure messages: the heap's instances of the sample's libraries (and class loaders), after a GC. */
    static String heapOf(long pid) throws Exception {
        jcmd(pid, "GC.run");
        return String.join("\n", jcmd(pid, "GC.class_histogram").lines().filter(l -> l.contains("org.jwtgate")
                || l.contains("org.jose4j") || l.contains("org.glassfish.jersey") || l.contains("org.slf4j")
                || l.contains("ClassLoader")).limit(80).toList());
    }

    /** Instances of {@code className} in the heap after a full GC ({@code GC.class_histogram} runs one). */
    static long instances(long pid, String className) throws Exception {
        jcmd(pid, "GC.run");
        return jcmd(pid, "GC.class_histogram").lines().map(String::trim).map(l -> l.split("\\s+"))
                .filter(f -> f.length >= 4 && f[3].equals(className)).mapToLong(f -> Long.parseLong(f[1])).sum();
    }
}
