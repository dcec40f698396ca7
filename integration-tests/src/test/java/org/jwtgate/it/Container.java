package org.jwtgate.it;

import java.io.File;
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
        JETTY_12("jetty"),
        /**
         * Jetty 12.1 ee11 with its Jakarta Authentication module (jetty-ee11-jaspi) and README's context XML
         * block {@value JettyEe11Launcher#CONTEXT_XML_BLOCK}, as README tells Jetty operators.
         */
        JETTY_12_EE11("jetty-ee11"),
        TOMCAT_11("tomcat-11"), TOMCAT_10_1("tomcat-10.1"), PAYARA_MICRO_6("payara"),
        /** The Tomcat distributions (zip from Maven Central), configured as README tells operators. */
        TOMCAT_11_DIST("tomcat-11-dist"), TOMCAT_10_1_DIST("tomcat-10.1-dist"),
        /** Payara Server (the full distribution), a domain made with asadmin, as README tells operators. */
        PAYARA_SERVER_6("payara-server");

        final String dir;

        Kind(String dir) {
            this.dir = dir;
        }
    }

    public static final String CONTEXT = "/sample";

    /** Payara Micro's HTTPS listener at 127.0.0.1, asking for client certificates without requiring them. */
    private static final String PAYARA_MICRO_TLS_PREBOOT = "set configs.config.server-config.network-config.network-listeners"
            + ".network-listener.https-listener.address=127.0.0.1\n"
            + "set configs.config.server-config.network-config.protocols.protocol.https-listener.ssl.client-auth=want\n";

    /**
     * A WAR file to deploy, its context path, and the path under it that answers 200 once it is up. The
     * WAR is a file name under {@code containers/war} or an absolute path (a WAR a test assembled); its
     * file name is the context path's on Tomcat distributions and Payara Micro.
     */
    public record Webapp(String war, String context, String readyPath) {
        /** The built sample WAR at {@link #CONTEXT}. */
        public static final Webapp SAMPLE = new Webapp("sample.war", CONTEXT, "/health");
        /** The built legacy WAR (module legacy-war) at {@code /legacy}. */
        public static final Webapp LEGACY = new Webapp("legacy.war", "/legacy", "/health");

        /** The WAR file; fails when the build has not made it. */
        Path file() {
            Path given = Path.of(war);
            Path file = given.isAbsolute() ? given : containers().resolve("war").resolve(war);
            if (!Files.isRegularFile(file)) {
                throw new IllegalStateException("no WAR at " + file + ": run the tests with 'mvn verify'");
            }
            return file;
        }

        /** The context path without its slash: the name of the application. */
        String name() {
            return context.substring(1);
        }
    }

    private final Kind kind;
    private final Process process;
    private final Path log;
    private final URI base;
    private final AutoCloseable stop;
    private final String readyPath;
    private TomcatDistribution.Manager manager;

    /**
     * A container whose server runs detached from {@code process} (Payara Server: asadmin starts it and
     * returns) when {@code process} is null; {@code stop} then stops it, and {@code log} is its log file.
     * It is ready when {@code readyPath} under {@code base} answers 200.
     */
    Container(Kind kind, Process process, Path log, URI base, AutoCloseable stop, String readyPath) {
        this.kind = kind;
        this.process = process;
        this.log = log;
        this.base = base;
        this.stop = stop;
        this.readyPath = readyPath;
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
        return start(kind, Webapp.SAMPLE, env, dataDir);
    }

    /** As {@link #start(Kind, Map, Path)}, with another WAR than the sample's. */
    public static Container start(Kind kind, Webapp webapp, Map<String, String> env, Path dataDir) throws Exception {
        return start(kind, webapp, env, dataDir, List.of());
    }

    /**
     * As {@link #start(Kind, Webapp, Map, Path)}, with {@code libJars} where the server's documentation puts shared
     * libraries: the Tomcat distribution's {@code lib/}, Payara Micro's {@code --addLibs}, the class path of the
     * embedded launchers (Jetty, Tomcat); not supported on Payara Server.
     */
    public static Container start(Kind kind, Webapp webapp, Map<String, String> env, Path dataDir, List<Path> libJars)
            throws Exception {
        switch (kind) {
            case TOMCAT_11_DIST, TOMCAT_10_1_DIST -> {
                return TomcatDistribution.of(kind).start(List.of(webapp), libJars, env, dataDir, true);
            }
            case PAYARA_SERVER_6 -> {
                if (!libJars.isEmpty()) {
                    throw new IllegalArgumentException("no libJars on Payara Server here");
                }
                return PayaraServer.shared().start(webapp, env, dataDir);
            }
            default -> {
                // below
            }
        }
        Container c = launch(kind, webapp, env, dataDir, libJars);
        try {
            c.awaitReady(Duration.ofSeconds(kind == Kind.PAYARA_MICRO_6 ? 240 : 180));
        } catch (Exception e) {
            c.close();
            throw e;
        }
        return c;
    }

    /**
     * Starts the sample as {@link #start(Kind, Map, Path)} does, without waiting for the application:
     * for tests of deployments that must fail (on Payara Server, a refused {@code asadmin deploy} leaves the
     * domain running).
     */
    public static Container launch(Kind kind, Map<String, String> env, Path dataDir) throws Exception {
        return launch(kind, Webapp.SAMPLE, env, dataDir, List.of());
    }

    /**
     * Payara Micro with {@code webapp} and {@code others} deployed in one JVM, without waiting for any of them
     * (each answers at its WAR's file name); the container's {@link #base()} is {@code webapp}'s.
     */
    public static Container launchPayaraMicro(Webapp webapp, List<Webapp> others, Map<String, String> env) throws Exception {
        return launch(Kind.PAYARA_MICRO_6, webapp, env, null, List.of(), others);
    }

    private static Container launch(Kind kind, Webapp webapp, Map<String, String> env, Path dataDir, List<Path> libJars)
            throws Exception {
        return launch(kind, webapp, env, dataDir, libJars, List.of());
    }

    private static Container launch(Kind kind, Webapp webapp, Map<String, String> env, Path dataDir, List<Path> libJars,
            List<Webapp> others) throws Exception {
        if (!others.isEmpty() && kind != Kind.PAYARA_MICRO_6) {
            throw new IllegalArgumentException("several WARs in one JVM only on Payara Micro here");
        }
        if (kind == Kind.TOMCAT_11_DIST || kind == Kind.TOMCAT_10_1_DIST) {
            return TomcatDistribution.of(kind).start(webapp, env, dataDir, false);
        }
        if (kind == Kind.PAYARA_SERVER_6) {
            return PayaraServer.shared().start(webapp, env, dataDir, false);
        }
        Path containers = containers();
        Path war = webapp.file();
        String context = webapp.context();
        int port = freePort();
        // A directory (and log) of this start's own: the OS hands out a port again in a long run, and a server started
        // in an earlier one's directory met its leftovers (Payara Micro's --rootdir: a NullPointerException at boot)
        Path work = Files.createTempDirectory(Files.createDirectories(containers.resolve("work")), kind.dir + "-" + port + "-");
        Path log = containers.resolve("logs").resolve(work.getFileName() + ".log");
        Files.createDirectories(log.getParent());
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String testClasses = System.getProperty("jwtgate.it.testClasses", "target/test-classes");
        StringBuilder libs = new StringBuilder();
        for (Path jar : libJars) {
            libs.append(File.pathSeparator).append(jar);
        }
        List<String> cmd = new ArrayList<>(List.of(java, "-Xmx512m", "-Djava.net.preferIPv4Stack=true"));
        switch (kind) {
            case JETTY_12 -> cmd.addAll(List.of("-cp", testClasses + ":" + containers.resolve("jetty") + "/*" + libs,
                    JettyLauncher.class.getName(), war.toString(), Integer.toString(port), context));
            case JETTY_12_EE11 -> {
                Path contextXml = work.resolve("context.xml");
                Files.writeString(contextXml, Readme.block(JettyEe11Launcher.CONTEXT_XML_BLOCK,
                        Map.of("server /legacy", "server " + context)));
                cmd.addAll(List.of("-cp", testClasses + ":" + containers.resolve(kind.dir) + "/*" + libs,
                        JettyEe11Launcher.class.getName(), war.toString(), Integer.toString(port), context,
                        contextXml.toString()));
            }
            case TOMCAT_11, TOMCAT_10_1 -> cmd.addAll(List.of("-cp", testClasses + ":" + containers.resolve(kind.dir) + "/*" + libs,
                    TomcatLauncher.class.getName(), war.toString(), Integer.toString(port), context, work.toString()));
            case PAYARA_MICRO_6 -> {
                Path preboot = work.resolve("preboot.asadmin");
                TlsConnector tls = TlsConnector.from(env);
                Files.writeString(preboot, "set configs.config.server-config.network-config.network-listeners"
                        + ".network-listener.http-listener.address=127.0.0.1\n" + (tls == null ? "" : PAYARA_MICRO_TLS_PREBOOT));
                if (tls != null) {
                    // Payara Micro's HTTPS listener (--sslport) with the key of --sslcert from the javax.net.ssl stores
                    cmd.addAll(List.of("-Djavax.net.ssl.keyStore=" + tls.keyStore(), "-Djavax.net.ssl.keyStorePassword=" + tls.password(),
                            "-Djavax.net.ssl.keyStoreType=PKCS12", "-Djavax.net.ssl.trustStore=" + tls.trustStore(),
                            "-Djavax.net.ssl.trustStorePassword=" + tls.password(), "-Djavax.net.ssl.trustStoreType=PKCS12"));
                }
                cmd.addAll(List.of("-jar", containers.resolve("payara").resolve("payara-micro.jar").toString(),
                        "--deploy", war.toString(), "--port", Integer.toString(port), "--nocluster",
                        "--disablephonehome", "--prebootcommandfile", preboot.toString(),
                        "--rootdir", work.resolve("root").toString()));
                if (tls != null) {
                    cmd.addAll(List.of("--sslport", Integer.toString(tls.port()), "--sslcert", TlsConnector.ALIAS));
                }
                if (!libJars.isEmpty()) {
                    cmd.addAll(List.of("--addLibs", libs.substring(1)));
                }
                for (Webapp other : others) {
                    cmd.addAll(List.of("--deploy", other.file().toString()));
                }
            }
            default -> throw new IllegalArgumentException(kind.toString());
        }
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile())
                .directory(work.toFile());
        String publicUrl = "http://127.0.0.1:" + port + context;
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
        return new Container(kind, p, log, URI.create("http://127.0.0.1:" + port + context), null, webapp.readyPath());
    }

    /**
     * Waits up to {@code timeout} for the container's JVM to end (a launcher that gives up exits); whether
     * it did. A detached server (Payara Server) never ends by itself.
     */
    public boolean awaitExit(Duration timeout) throws InterruptedException {
        return process != null && process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Whether the container's JVM still runs (a detached server counts as running). */
    public boolean isAlive() {
        return process == null || process.isAlive();
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

    static Path containers() {
        return Path.of(System.getProperty("jwtgate.it.containers", "target/containers")).toAbsolutePath();
    }

    void attach(TomcatDistribution.Manager m) {
        this.manager = m;
    }

    /** Tomcat's Manager (text interface) of a Tomcat distribution. */
    TomcatDistribution.Manager manager() {
        if (manager == null) {
            throw new IllegalStateException(kind + " has no Tomcat Manager");
        }
        return manager;
    }

    /** The running Payara Server domain (deploy, undeploy). */
    PayaraServer.Running payara() {
        if (!(stop instanceof PayaraServer.Running r)) {
            throw new IllegalStateException(kind + " is not Payara Server");
        }
        return r;
    }

    /** The server's JVM (for thread dumps); for Payara Server the domain's, not asadmin's. */
    public long pid() throws IOException {
        return stop instanceof PayaraServer.Running r ? r.pid() : process.pid();
    }

    void awaitReady(Duration timeout) throws Exception {
        // HTTP/1.1: under load, a wedged h2c upgrade kept Payara Micro "not ready" for minutes while it answered curl
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (process != null && !process.isAlive()) {
                throw new IllegalStateException(kind + " exited with " + process.exitValue() + " before it was ready:\n"
                        + jwtgateLines() + tail());
            }
            try {
                HttpResponse<String> r = client.send(HttpRequest.newBuilder(uri(readyPath)).timeout(Duration.ofSeconds(5)).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            if (process != null) {
                process.waitFor(250, TimeUnit.MILLISECONDS); // polling a starting server, not waiting for time to pass
            } else {
                TimeUnit.MILLISECONDS.sleep(250); // the same poll, for a server that runs detached
            }
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

    /**
     * The whole output of the container so far. Payara Server writes its log asynchronously: for it,
     * this first waits (up to 15 s) until the log file has stopped growing for 1.5 s.
     */
    public String output() throws IOException {
        if (kind == Kind.PAYARA_SERVER_6) {
            awaitQuietLog();
        }
        return Files.readString(log);
    }

    private void awaitQuietLog() throws IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        long size = Files.size(log);
        int quiet = 0;
        try {
            while (quiet < 2 && System.nanoTime() < deadline) {
                TimeUnit.MILLISECONDS.sleep(750); // polling the log of a detached server, not waiting for time to pass
                long now = Files.size(log);
                quiet = now == size ? quiet + 1 : 0;
                size = now;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static int freePort() throws IOException {
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
        if (stop != null) {
            try {
                stop.close();
            } catch (Exception e) {
                throw new IllegalStateException("could not stop " + kind + ": " + e.getMessage(), e);
            } finally {
                if (process != null) {
                    stopProcess();
                }
            }
            return;
        }
        stopProcess();
    }

    private void stopProcess() {
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
