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
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A Tomcat distribution (the zip from Maven Central, unpacked by the build) started with
 * {@code bin/catalina.sh run} as an operator does: its own CATALINA_BASE (the distribution's {@code conf},
 * with the HTTP connector on a free loopback port and no shutdown port), WAR files copied into its
 * {@code webapps}. Stopped on {@link #close()}.
 */
final class TomcatDistribution implements AutoCloseable {
    private final Process process;
    private final Path log;
    private final int port;

    private TomcatDistribution(Process process, Path log, int port) {
        this.process = process;
        this.log = log;
        this.port = port;
    }

    /**
     * Starts the distribution in {@code home} with {@code wars} deployed, {@code env} added to its environment;
     * returns once {@code readyPath} answers 200.
     */
    static TomcatDistribution start(Path home, List<Path> wars, Map<String, String> env, String readyPath) throws Exception {
        Path containers = Path.of(System.getProperty("jwtgate.it.containers", "target/containers")).toAbsolutePath();
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        String name = home.getFileName() + "-" + port;
        Path base = containers.resolve("work").resolve(name);
        Path conf = Files.createDirectories(base.resolve("conf"));
        try (Stream<Path> files = Files.list(home.resolve("conf"))) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                Files.copy(f, conf.resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        String server = Files.readString(conf.resolve("server.xml"))
                .replaceFirst("<Server port=\"8005\"", "<Server port=\"-1\"")
                .replaceFirst("<Connector port=\"8080\"", "<Connector port=\"" + port + "\" address=\"127.0.0.1\"");
        Files.writeString(conf.resolve("server.xml"), server);
        for (String dir : List.of("logs", "temp", "work", "webapps")) {
            Files.createDirectories(base.resolve(dir));
        }
        for (Path war : wars) {
            Files.copy(war, base.resolve("webapps").resolve(war.getFileName()), StandardCopyOption.REPLACE_EXISTING);
        }
        Path log = containers.resolve("logs").resolve(name + ".log");
        Files.createDirectories(log.getParent());
        ProcessBuilder pb = new ProcessBuilder("sh", home.resolve("bin").resolve("catalina.sh").toString(), "run")
                .redirectErrorStream(true).redirectOutput(log.toFile()).directory(base.toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("JWTGATE_") || k.startsWith("CATALINA_") || k.equals("JAVA_OPTS"));
        pb.environment().put("CATALINA_HOME", home.toString());
        pb.environment().put("CATALINA_BASE", base.toString());
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        pb.environment().put("CATALINA_OPTS", "-Xmx384m -Djava.net.preferIPv4Stack=true");
        pb.environment().putAll(env);
        TomcatDistribution tomcat = new TomcatDistribution(pb.start(), log, port);
        try {
            tomcat.awaitReady(readyPath, Duration.ofSeconds(90));
        } catch (Exception e) {
            tomcat.close();
            throw e;
        }
        return tomcat;
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    private void awaitReady(String path, Duration timeout) throws Exception {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Tomcat exited with " + process.exitValue() + " before it was ready:\n" + tail());
            }
            try {
                if (client.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(5)).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            process.waitFor(250, TimeUnit.MILLISECONDS); // polling a starting server, not waiting for time to pass
        }
        throw new IllegalStateException("Tomcat was not ready within " + timeout + ":\n" + tail());
    }

    /** The last lines of Tomcat's console output, for failure messages. */
    String tail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    String output() throws IOException {
        return Files.readString(log);
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
