package org.jwtgate.it;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * A standalone Tomcat from its distribution zip, set up as README's "Deploying on Tomcat" tells an
 * operator: a fresh {@code CATALINA_BASE} (the distribution's {@code conf}), the WAR in
 * {@code webapps/sample.war}, the environment in {@code bin/setenv.sh} (README's block, verbatim but
 * for the public URL), started in the foreground with {@code bin/catalina.sh run} so the test owns the
 * JVM. The HTTP connector listens on a free port on 127.0.0.1 only, the shutdown port is off (the
 * JVM stops on SIGTERM) and AJP stays off, as in the distribution. The Manager application is there
 * for a {@code manager-script} user with a random password (for the deploy/undeploy leak test).
 */
final class TomcatDistribution {
    /** README's production block (JWTGATE_DEMO_TOKENS unset), with its example URL. */
    static final String SETENV_BLOCK = "tomcat-setenv";
    static final String SETENV_EXAMPLE_URL = "https://orders.example.com/sample";
    /** README's "Try it on Tomcat" block (demo tokens on, on purpose), with its example URL. */
    static final String TRY_IT_BLOCK = "tomcat-try-it";
    static final String TRY_IT_EXAMPLE_URL = "http://127.0.0.1:8080/sample";
    static final String MANAGER_USER = "jwtgate-it";

    private final Container.Kind kind;
    private final Path home;

    private TomcatDistribution(Container.Kind kind, Path home) {
        this.kind = kind;
        this.home = home;
    }

    static TomcatDistribution of(Container.Kind kind) {
        String property = kind == Container.Kind.TOMCAT_11_DIST ? "jwtgate.it.tomcat11" : "jwtgate.it.tomcat101";
        Path home = Path.of(System.getProperty(property, "target/containers/dist/" + kind.dir)).toAbsolutePath();
        if (!Files.isRegularFile(home.resolve("bin/catalina.sh"))) {
            throw new IllegalStateException("no Tomcat distribution at " + home + ": run the tests with 'mvn verify'");
        }
        return new TomcatDistribution(kind, home);
    }

    /** The unpacked distribution (CATALINA_HOME). */
    Path home() {
        return home;
    }

    /**
     * Starts Tomcat with {@code webapp} deployed (as {@code webapps/<name>.war}). The production block of README is used unless {@code env}
     * sets JWTGATE_DEMO_TOKENS=true (then the "Try it" block); the entries of {@code env} follow it in
     * setenv.sh, marked as the test's own.
     */
    Container start(Container.Webapp webapp, Map<String, String> env, Path dataDir) throws Exception {
        return start(webapp, env, dataDir, true);
    }

    /** As {@link #start(Container.Webapp, Map, Path)}; without waiting for the application when {@code awaitReady} is false. */
    Container start(Container.Webapp webapp, Map<String, String> env, Path dataDir, boolean awaitReady) throws Exception {
        return start(List.of(webapp), List.of(), env, dataDir, awaitReady);
    }

    /**
     * Starts Tomcat with every one of {@code webapps} deployed and {@code libJars} (JDBC drivers) in
     * {@code $CATALINA_BASE/lib}, where README tells operators to put them. The container's URL is the
     * first web application's.
     */
    Container start(List<Container.Webapp> webapps, List<Path> libJars, Map<String, String> env, Path dataDir,
            boolean awaitReady) throws Exception {
        Container.Webapp webapp = webapps.get(0);
        int port = Container.freePort();
        // a CATALINA_BASE of this start's own, not one an earlier start on the same port left (see Container.start)
        Path work = Files.createTempDirectory(Files.createDirectories(Container.containers().resolve("work")), kind.dir + "-" + port + "-");
        Path base = work.resolve("base");
        Path log = Container.containers().resolve("logs").resolve(work.getFileName() + ".log");
        Files.createDirectories(log.getParent());
        for (String dir : List.of("bin", "conf", "lib", "logs", "temp", "webapps", "work")) {
            Files.createDirectories(base.resolve(dir));
        }
        try (Stream<Path> conf = Files.list(home.resolve("conf"))) {
            for (Path f : conf.filter(Files::isRegularFile).toList()) {
                Files.copy(f, base.resolve("conf").resolve(f.getFileName()));
            }
        }
        Files.writeString(base.resolve("conf/server.xml"), serverXml(Files.readString(home.resolve("conf/server.xml")), port,
                TlsConnector.from(env)));
        String managerPassword = UUID.randomUUID().toString();
        Files.writeString(base.resolve("conf/tomcat-users.xml"), "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<tomcat-users xmlns=\"http://tomcat.apache.org/xml\" version=\"1.0\">\n"
                + "  <role rolename=\"manager-script\"/>\n"
                + "  <user username=\"" + MANAGER_USER + "\" password=\"" + managerPassword + "\" roles=\"manager-script\"/>\n"
                + "</tomcat-users>\n");
        copyTree(home.resolve("webapps/manager"), base.resolve("webapps/manager"));
        for (Container.Webapp w : webapps) {
            Files.copy(w.file(), base.resolve("webapps").resolve(w.name() + ".war"));
        }
        for (Path jar : libJars) {
            Files.copy(jar, base.resolve("lib").resolve(jar.getFileName()));
        }
        Files.writeString(base.resolve("conf/jwtgate-key-password"), Container.KEY_PASSWORD);

        String publicUrl = "http://127.0.0.1:" + port + webapp.context();
        Files.writeString(base.resolve("bin/setenv.sh"), setenv(env, publicUrl, dataDir));
        appendLogging(env, base.resolve("conf/logging.properties"));

        ProcessBuilder pb = new ProcessBuilder("sh", home.resolve("bin/catalina.sh").toString(), "run")
                .redirectErrorStream(true).redirectOutput(log.toFile()).directory(work.toFile());
        pb.environment().keySet().removeIf(name -> name.startsWith("JWTGATE_") || name.startsWith("CATALINA_")
                || name.equals("JAVA_OPTS") || name.equals("JAVA_TOOL_OPTIONS"));
        pb.environment().put("CATALINA_HOME", home.toString());
        pb.environment().put("CATALINA_BASE", base.toString());
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        pb.environment().put("CATALINA_OPTS", "-Xmx512m -Djava.net.preferIPv4Stack=true");
        String toolOptions = javaToolOptionsWithoutLogging(env);
        if (!toolOptions.isBlank()) {
            pb.environment().put("JAVA_TOOL_OPTIONS", toolOptions);
        }
        Process p = pb.start();
        Manager manager = new Manager(URI.create("http://127.0.0.1:" + port + "/manager/text"), managerPassword);
        Container c = new Container(kind, p, log, URI.create(publicUrl), null, webapp.readyPath());
        c.attach(manager);
        if (!awaitReady) {
            return c;
        }
        try {
            c.awaitReady(Duration.ofSeconds(120));
        } catch (Exception e) {
            c.close();
            throw e;
        }
        return c;
    }

    /**
     * The distribution's server.xml with the HTTP connector on {@code port} at 127.0.0.1 and no shutdown port;
     * with {@code tls} (may be null), also an HTTPS connector at 127.0.0.1 that asks for client certificates
     * without requiring them, as docs/sender-constrained.md tells operators ({@code certificateVerification="optional"}
     * and a trust store).
     */
    static String serverXml(String xml, int port, TlsConnector tls) {
        String shutdown = "<Server port=\"8005\" shutdown=\"SHUTDOWN\">";
        String connector = "<Connector port=\"8080\" protocol=\"HTTP/1.1\"";
        String service = "</Service>";
        if (!xml.contains(shutdown) || !xml.contains(connector) || !xml.contains(service)) {
            throw new IllegalStateException("the distribution's server.xml changed: " + shutdown + " / " + connector + " / " + service);
        }
        String out = xml.replace(shutdown, "<Server port=\"-1\" shutdown=\"SHUTDOWN\">")
                .replace(connector, "<Connector port=\"" + port + "\" address=\"127.0.0.1\" protocol=\"HTTP/1.1\"");
        if (tls == null) {
            return out;
        }
        String https = "  <Connector port=\"" + tls.port() + "\" address=\"127.0.0.1\" protocol=\"HTTP/1.1\" SSLEnabled=\"true\""
                + " scheme=\"https\" secure=\"true\" maxThreads=\"50\">\n"
                + "      <SSLHostConfig certificateVerification=\"optional\" truststoreFile=\"" + tls.trustStore() + "\""
                + " truststorePassword=\"" + tls.password() + "\" truststoreType=\"PKCS12\">\n"
                + "        <Certificate certificateKeystoreFile=\"" + tls.keyStore() + "\" certificateKeystorePassword=\""
                + tls.password() + "\" certificateKeystoreType=\"PKCS12\"/>\n"
                + "      </SSLHostConfig>\n"
                + "    </Connector>\n  ";
        int at = out.lastIndexOf(service);
        return out.substring(0, at) + https + out.substring(at);
    }

    /** README's block for this run, then the test's own settings. */
    static String setenv(Map<String, String> env, String publicUrl, Path dataDir) {
        boolean demo = "true".equals(env.get("JWTGATE_DEMO_TOKENS"));
        StringBuilder sh = new StringBuilder("# README.md, \"Deploying on Tomcat\"\n");
        sh.append(demo ? Readme.block(TRY_IT_BLOCK, Map.of(TRY_IT_EXAMPLE_URL, publicUrl))
                : Readme.block(SETENV_BLOCK, Map.of(SETENV_EXAMPLE_URL, publicUrl)));
        sh.append("# the test's own settings\n");
        if (dataDir != null) {
            sh.append("export JWTGATE_DATA_DIR=").append(quote(dataDir.toString())).append('\n');
        }
        env.forEach((k, v) -> {
            if (k.startsWith("JWTGATE_")) {
                sh.append(v == null ? "unset " + k : "export " + k + "=" + quote(v.replace("{PUBLIC_URL}", publicUrl))).append('\n');
            }
        });
        return sh.toString();
    }

    private static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }

    /**
     * Tomcat sets its own JUL configuration on the command line, which wins over one given in
     * JAVA_TOOL_OPTIONS: the levels of that file are appended to CATALINA_BASE's logging.properties
     * (its ConsoleHandler writes to catalina.sh's output, which the test reads).
     */
    static void appendLogging(Map<String, String> env, Path loggingProperties) throws IOException {
        String file = loggingConfigFile(env);
        if (file == null) {
            return;
        }
        StringBuilder add = new StringBuilder("\n# the test's levels (from " + file + ")\n");
        for (String line : Files.readAllLines(Path.of(file))) {
            if (!line.startsWith("handlers") && !line.isBlank()) {
                add.append(line).append('\n');
            }
        }
        Files.writeString(loggingProperties, add.toString(), StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.APPEND);
    }

    static String loggingConfigFile(Map<String, String> env) {
        String options = env.getOrDefault("JAVA_TOOL_OPTIONS", "");
        for (String option : options.split("\\s+")) {
            if (option.startsWith("-Djava.util.logging.config.file=")) {
                return option.substring("-Djava.util.logging.config.file=".length());
            }
        }
        return null;
    }

    static String javaToolOptionsWithoutLogging(Map<String, String> env) {
        String options = env.getOrDefault("JAVA_TOOL_OPTIONS", "");
        StringBuilder out = new StringBuilder();
        for (String option : options.split("\\s+")) {
            if (!option.isBlank() && !option.startsWith("-Djava.util.logging.config.file=")
                    && !option.startsWith("-Dorg.slf4j.simpleLogger")) {
                out.append(out.isEmpty() ? "" : " ").append(option);
            }
        }
        return out.toString();
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> all = Files.walk(from)) {
            for (Path p : all.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    /** Tomcat's Manager, text interface ({@code manager-script}). */
    static final class Manager {
        private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        private final URI base;
        private final String authorization;

        Manager(URI base, String password) {
            this.base = base;
            this.authorization = "Basic " + Base64.getEncoder()
                    .encodeToString((MANAGER_USER + ":" + password).getBytes(StandardCharsets.UTF_8));
        }

        /** {@code GET /manager/text/<command>}; the answer's text, which starts with OK or FAIL. */
        String command(String commandAndQuery) throws Exception {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/" + commandAndQuery))
                    .header("Authorization", authorization).timeout(Duration.ofSeconds(120)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new IllegalStateException("manager " + commandAndQuery + ": HTTP " + r.statusCode() + "\n" + r.body());
            }
            return r.body();
        }
    }
}
