package org.jwtgate.it;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One servlet container running the built sample WAR in its own JVM on a free loopback port, configured
 * through environment variables as a user would. Started by the tests, stopped on {@link #close()}.
 */
public final class Container implements AutoCloseable {
    public enum Kind {
        JETTY_12("jetty"), TOMCAT_11("tomcat-11"), TOMCAT_10_1("tomcat-10.1"), PAYARA_MICRO_6("payara");

        final String dir;

        Kind(String dir) {
            this.dir = dir;
        }
    }

    public static final String CONTEXT = "/sample";

    private final Kind kind;
    private final Process process;
    private final Path log;
    private final URI base;

    private Container(Kind kind, Process process, Path log, URI base) {
        this.kind = kind;
        this.process = process;
        this.log = log;
        this.base = base;
    }

    /** The application's root, e.g. {@code http://127.0.0.1:PORT/sample}. */
    public URI base() {
        return base;
    }

    public URI uri(String path) {
        return URI.create(base + path);
    }

    public Kind kind() {
        return kind;
    }

    /** The key files' password the containers get unless a test says otherwise. */
    public static final String KEY_PASSWORD = "integration-tests-key-password";

    /**
     * Starts the WAR. No JWTGATE_* variable is inherited from the environment of the build. The
     * environment always has JWTGATE_PUBLIC_URL (this container's application URL), JWTGATE_DATA_DIR
     * (a fresh directory), JWTGATE_ISSUERS (the sample's own two tenants) and JWTGATE_KEY_PASSWORD
     * ({@link #KEY_PASSWORD}); {@code env} adds to or replaces them (a null value removes one), with
     * {@code {PUBLIC_URL}} replaced by the application URL. JWTGATE_DEMO_TOKENS is unset, so
     * {@code POST /demo/token} is off unless {@code env} sets it to {@code true}.
     */
    public static Container start(Kind kind, Map<String, String> env) throws Exception {
        return start(kind, env, null);
    }

    /** As {@link #start(Kind, Map)}, keeping the tenants' keys in {@code dataDir} (for restart tests). */
    public static Container start(Kind kind, Map<String, String> env, Path dataDir) throws Exception {
        Container c = launch(kind, env, dataDir);
        try {
            c.awaitReady(Duration.ofSeconds(kind == Kind.PAYARA_MICRO_6 ? 240 : 90));
        } catch (Exception e) {
            c.close();
            throw e;
        }
        return c;
    }

    /**
     * Starts the container as {@link #start(Kind, Map, Path)} does, without waiting for the application:
     * for tests of deployments that must fail.
     */
    public static Container launch(Kind kind, Map<String, String> env, Path dataDir) throws Exception {
        Path containers = Path.of(System.getProperty("jwtgate.it.containers", "target/containers")).toAbsolutePath();
        Path war = containers.resolve("war").resolve("sample.war");
        if (!Files.isRegularFile(war)) {
            throw new IllegalStateException("no WAR at " + war + ": run the tests with 'mvn verify'");
        }
        int port = freePort();
        Path work = Files.createDirectories(containers.resolve("work").resolve(kind.dir + "-" + port));
        Path log = containers.resolve("logs").resolve(kind.dir + "-" + port + ".log");
        Files.createDirectories(log.getParent());
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String testClasses = System.getProperty("jwtgate.it.testClasses", "target/test-classes");
        List<String> cmd = new ArrayList<>(List.of(java, "-Xmx512m", "-Djava.net.preferIPv4Stack=true"));
        switch (kind) {
            case JETTY_12 -> cmd.addAll(List.of("-cp", testClasses + ":" + containers.resolve("jetty") + "/*",
                    JettyLauncher.class.getName(), war.toString(), Integer.toString(port), CONTEXT));
            case TOMCAT_11, TOMCAT_10_1 -> cmd.addAll(List.of("-cp", testClasses + ":" + containers.resolve(kind.dir) + "/*",
                    TomcatLauncher.class.getName(), war.toString(), Integer.toString(port), CONTEXT, work.toString()));
            case PAYARA_MICRO_6 -> {
                Path preboot = work.resolve("preboot.asadmin");
                Files.writeString(preboot, "set configs.config.server-config.network-config.network-listeners"
                        + ".network-listener.http-listener.address=127.0.0.1\n");
                cmd.addAll(List.of("-jar", containers.resolve("payara").resolve("payara-micro.jar").toString(),
                        "--deploy", war.toString(), "--port", Integer.toString(port), "--nocluster",
                        "--disablephonehome", "--prebootcommandfile", preboot.toString(),
                        "--rootdir", work.resolve("root").toString()));
            }
            default -> throw new IllegalArgumentException(kind.toString());
        }
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile())
                .directory(work.toFile());
        String publicUrl = "http://127.0.0.1:" + port + CONTEXT;
        pb.environment().keySet().removeIf(name -> name.startsWith("JWTGATE_"));
        pb.environment().put("JWTGATE_PUBLIC_URL", publicUrl);
        pb.environment().put("JWTGATE_DATA_DIR", (dataDir != null ? dataDir : work.resolve("data")).toString());
        pb.environment().put("JWTGATE_ISSUERS", publicUrl + "/t/acme " + publicUrl + "/t/globex");
        pb.environment().put("JWTGATE_KEY_PASSWORD", KEY_PASSWORD);
        env.forEach((k, v) -> {
            if (v == null) {
                pb.environment().remove(k);
            } else {
                pb.environment().put(k, v.replace("{PUBLIC_URL}", publicUrl));
            }
        });
        Process p = pb.start();
        return new Container(kind, p, log, URI.create("http://127.0.0.1:" + port + CONTEXT));
    }

    /** Waits up to {@code timeout} for the container's JVM to end (a launcher that gives up exits); whether it did. */
    public boolean awaitExit(Duration timeout) throws InterruptedException {
        return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Whether the container's JVM still runs. */
    public boolean isAlive() {
        return process.isAlive();
    }

    /** The status of a GET of {@code path}, or -1 when nothing answers. */
    public int status(String path) {
        try {
            return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(2)).build()
                    .send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(10)).build(),
                            HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private void awaitReady(Duration timeout) throws Exception {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(kind + " exited with " + process.exitValue() + " before it was ready:\n"
                        + jwtgateLines() + tail());
            }
            try {
                HttpResponse<String> r = client.send(HttpRequest.newBuilder(uri("/health")).timeout(Duration.ofSeconds(5)).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            process.waitFor(250, TimeUnit.MILLISECONDS); // polling a starting server, not waiting for time to pass
        }
        throw new IllegalStateException(kind + " was not ready within " + timeout + ":\n" + tail());
    }

    /** The last lines of the container's output, for failure messages. */
    public String tail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    /** jwtgate's own log lines (such as why it did not start), which a container's stack traces may push out of the tail. */
    private String jwtgateLines() {
        try {
            List<String> lines = Files.readAllLines(log).stream().filter(l -> l.contains("jwtgate: ")).limit(20).toList();
            return lines.isEmpty() ? "" : String.join("\n", lines) + "\n...\n";
        } catch (IOException e) {
            return "";
        }
    }

    /** The whole output of the container so far. */
    public String output() throws IOException {
        return Files.readString(log);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** Kills the container's JVM at once (SIGKILL): no shutdown hook, no orderly undeploy. */
    public void kill() throws InterruptedException {
        process.destroyForcibly().waitFor(20, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
