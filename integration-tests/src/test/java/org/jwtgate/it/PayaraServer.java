package org.jwtgate.it;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Payara Server 6 from its distribution zip, as README's "Deploying on Payara Server" tells an operator:
 * one domain ({@code asadmin create-domain --portbase}), every listener bound to 127.0.0.1 by README's
 * pre-boot command file, the JWTGATE_* environment (README's block) in the environment of the
 * {@code asadmin start-domain} process, which is how {@code ${env:…}} reaches the server, then
 * {@code asadmin deploy --contextroot sample}. The domain is made once per JVM (the failsafe run) and
 * shared: each {@link #start} starts it with its own environment and deploys, {@link Container#close()}
 * undeploys and stops it; it is deleted when the JVM exits.
 */
final class PayaraServer {
    static final String DOMAIN = "jwtgate-it";
    static final String ENV_BLOCK = "payara-env";
    static final String ENV_EXAMPLE_URL = "https://orders.example.com/sample";
    static final String ENV_EXAMPLE_DATA_DIR = "/var/lib/payara/jwtgate";
    static final String ENV_EXAMPLE_PASSWORD_FILE = "/etc/payara/jwtgate-key-password";
    static final String LOOPBACK_BLOCK = "payara-loopback";
    /** README's block configuring the sample through JVM options, with its example URL and alias file. */
    static final String JVM_OPTIONS_BLOCK = "payara-jvm-options";
    static final String JVM_OPTIONS_EXAMPLE_URL = "https\\://orders.example.com/sample";
    static final String JVM_OPTIONS_EXAMPLE_ALIAS_FILE = "/etc/payara/jwtgate-key-password.alias";
    static final String LOOPBACK_ONCE_BLOCK = "payara-loopback-once";
    /** The offsets from the port base of what the domain listens on (create-domain --portbase). */
    private static final int[] PORT_OFFSETS = {9, 37, 38, 39, 48, 49, 59, 66, 76, 80, 81, 86};
    private static final Duration ASADMIN_TIMEOUT = Duration.ofMinutes(6);

    private static PayaraServer shared;

    private final Path home;
    private final Path domains;
    private final Path work;
    private final int portBase;
    private int starts;

    private PayaraServer(Path home, Path domains, Path work, int portBase) {
        this.home = home;
        this.domains = domains;
        this.work = work;
        this.portBase = portBase;
    }

    /** The domain of this JVM, created on first use. */
    static synchronized PayaraServer shared() throws Exception {
        if (shared == null) {
            Path home = Path.of(System.getProperty("jwtgate.it.payaraServer", "target/containers/dist/payara6")).toAbsolutePath();
            if (!Files.isRegularFile(home.resolve("bin/asadmin"))) {
                throw new IllegalStateException("no Payara Server at " + home + ": run the tests with 'mvn verify'");
            }
            int base = freePortBase();
            Path work = Files.createDirectories(Container.containers().resolve("work").resolve("payara-server-" + base));
            PayaraServer server = new PayaraServer(home, work.resolve("domains"), work, base);
            long t0 = System.nanoTime();
            server.asadmin(Map.of(), "create-domain", "--portbase", Integer.toString(base), "--nopassword",
                    "--domaindir", server.domains.toString(), DOMAIN);
            server.loopbackOnce();
            System.out.println("PAYARA_SERVER_6 domain created and set up in " + (System.nanoTime() - t0) / 1_000_000 + " ms");
            Runtime.getRuntime().addShutdownHook(new Thread(server::delete, "payara-server-cleanup"));
            shared = server;
        }
        return shared;
    }

    /**
     * README's commands for the listeners the pre-boot file cannot move (JMS, Hazelcast), run once on
     * the new domain started with that file; its {@code restart-domain} is a stop here, since every
     * test starts the domain with its own environment.
     */
    private void loopbackOnce() throws Exception {
        Path preboot = work.resolve("loopback.asadmin");
        Files.writeString(preboot, Readme.block(LOOPBACK_BLOCK));
        asadmin(Map.of(), "start-domain", "--domaindir", domains.toString(), "--prebootcommandfile", preboot.toString(), DOMAIN);
        for (String line : Readme.block(LOOPBACK_ONCE_BLOCK).split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            if (!line.startsWith("asadmin ")) {
                throw new IllegalStateException("README's block '" + LOOPBACK_ONCE_BLOCK + "' has a line that is not asadmin: " + line);
            }
            List<String> args = new ArrayList<>(List.of(line.substring("asadmin ".length()).trim().split("\\s+")));
            if (args.get(0).equals("restart-domain")) {
                asadmin(Map.of(), "stop-domain", "--domaindir", domains.toString(), DOMAIN);
            } else {
                args.addAll(0, List.of("--port", Integer.toString(adminPort())));
                asadmin(Map.of(), args.toArray(String[]::new));
            }
        }
    }

    int adminPort() {
        return portBase + 48;
    }

    int httpPort() {
        return portBase + 80;
    }

    Path domainDir() {
        return domains.resolve(DOMAIN);
    }

    Container start(Container.Webapp webapp, Map<String, String> env, Path dataDir) throws Exception {
        return start(webapp, env, dataDir, true);
    }

    /**
     * Starts the domain and deploys; with {@code awaitApplication} false, a refused deployment
     * ({@code asadmin deploy} failing) leaves the domain running for the test to look at, and nothing
     * waits for the application (tests of deployments that must fail).
     */
    Container start(Container.Webapp webapp, Map<String, String> env, Path dataDir, boolean awaitApplication) throws Exception {
        starts++;
        Path log = domainDir().resolve("logs/server.log");
        if (Files.exists(log)) { // each start gets its own log: the previous one is kept beside it
            Files.move(log, log.resolveSibling("server-before-start-" + starts + ".log"), StandardCopyOption.REPLACE_EXISTING);
        }
        String publicUrl = "http://127.0.0.1:" + httpPort() + webapp.context();
        Path data = dataDir != null ? dataDir : Files.createDirectories(work.resolve("data-" + starts));
        Path passwordFile = work.resolve("jwtgate-key-password");
        Files.writeString(passwordFile, Container.KEY_PASSWORD);
        Map<String, String> serverEnv = readmeEnvironment(publicUrl, data, passwordFile);
        env.forEach((k, v) -> {
            if (k.startsWith("JWTGATE_")) {
                serverEnv.put(k, v == null ? null : v.replace("{PUBLIC_URL}", publicUrl));
            }
        });
        loggingLevels(env);
        Path preboot = work.resolve("loopback.asadmin");
        TlsConnector tls = TlsConnector.from(env);
        Files.writeString(preboot, Readme.block(LOOPBACK_BLOCK) + (tls == null ? "" : httpsListener(tls)));
        long t0 = System.nanoTime();
        asadmin(serverEnv, "start-domain", "--domaindir", domains.toString(), "--prebootcommandfile", preboot.toString(), DOMAIN);
        long t1 = System.nanoTime();
        Running running = new Running(webapp);
        if (tls != null) {
            // back to the port base's, where later starts of the shared domain expect nothing else
            running.beforeStop(() -> asadmin(Map.of(), "--port", Integer.toString(adminPort()), "set",
                    HTTPS_LISTENER + ".port=" + (portBase + 81)));
        }
        Container c = new Container(Container.Kind.PAYARA_SERVER_6, null, log, URI.create(publicUrl), running, webapp.readyPath());
        if (!awaitApplication) {
            try {
                running.deploy();
            } catch (Exception refused) {
                System.out.println("PAYARA_SERVER_6 deploy refused: " + refused.getMessage());
            }
            return c;
        }
        try {
            running.deploy();
            long t2 = System.nanoTime();
            c.awaitReady(Duration.ofSeconds(120));
            System.out.println("PAYARA_SERVER_6 start-domain " + (t1 - t0) / 1_000_000 + " ms, deploy "
                    + (t2 - t1) / 1_000_000 + " ms");
        } catch (Exception e) {
            System.out.println(c.tail());
            c.close();
            throw e;
        }
        return c;
    }

    private static final String HTTPS_LISTENER = "configs.config.server-config.network-config.network-listeners.network-listener.http-listener-2";
    private static final String HTTPS_PROTOCOL = "configs.config.server-config.network-config.protocols.protocol.http-listener-2";
    private static final String TLS_ALIAS = "jwtgate-it-tls";

    /**
     * The domain's HTTPS listener ({@code http-listener-2}) made {@code tls}'s: its key and chain go into the
     * domain's key store ({@code config/keystore.p12}) and its client authorities into the domain's trust store
     * ({@code config/cacerts.p12}), both under the master password ({@code changeit} for a domain made with
     * {@code --nopassword}); the pre-boot commands returned select that key, ask for client certificates without
     * requiring them ({@code client-auth=want}) and move the listener to {@code tls}'s port. The domain is stopped.
     */
    private String httpsListener(TlsConnector tls) throws Exception {
        char[] master = "changeit".toCharArray();
        java.security.KeyStore from = java.security.KeyStore.getInstance("PKCS12");
        try (var in = Files.newInputStream(Path.of(tls.keyStore()))) {
            from.load(in, tls.password().toCharArray());
        }
        java.security.KeyStore trustFrom = java.security.KeyStore.getInstance("PKCS12");
        try (var in = Files.newInputStream(Path.of(tls.trustStore()))) {
            trustFrom.load(in, tls.password().toCharArray());
        }
        Path keys = domainDir().resolve("config/keystore.p12");
        java.security.KeyStore domainKeys = java.security.KeyStore.getInstance("PKCS12");
        try (var in = Files.newInputStream(keys)) {
            domainKeys.load(in, master);
        }
        domainKeys.setKeyEntry(TLS_ALIAS, from.getKey(TlsConnector.ALIAS, tls.password().toCharArray()), master,
                from.getCertificateChain(TlsConnector.ALIAS));
        try (var out = Files.newOutputStream(keys)) {
            domainKeys.store(out, master);
        }
        Path trust = domainDir().resolve("config/cacerts.p12");
        java.security.KeyStore domainTrust = java.security.KeyStore.getInstance("PKCS12");
        try (var in = Files.newInputStream(trust)) {
            domainTrust.load(in, master);
        }
        for (String alias : java.util.Collections.list(trustFrom.aliases())) {
            domainTrust.setCertificateEntry("jwtgate-it-" + alias, trustFrom.getCertificate(alias));
        }
        try (var out = Files.newOutputStream(trust)) {
            domainTrust.store(out, master);
        }
        return "set " + HTTPS_PROTOCOL + ".ssl.cert-nickname=" + TLS_ALIAS + "\n"
                + "set " + HTTPS_PROTOCOL + ".ssl.client-auth=want\n"
                + "set " + HTTPS_LISTENER + ".port=" + tls.port() + "\n";
    }

    /**
     * Starts the domain with {@code env}, adds {@code libraries} with README's {@code asadmin add-library}
     * (once per domain: they stay in its {@code lib}), then tries to deploy each of {@code webapps}; a
     * refused deployment is printed, not thrown (tests of deployments that must fail). The container's
     * URL is the first web application's; closing it undeploys what was deployed and stops the domain.
     */
    Container startTrying(List<Container.Webapp> webapps, List<Path> libraries, Map<String, String> env) throws Exception {
        starts++;
        Path log = domainDir().resolve("logs/server.log");
        if (Files.exists(log)) {
            Files.move(log, log.resolveSibling("server-before-start-" + starts + ".log"), StandardCopyOption.REPLACE_EXISTING);
        }
        String publicUrl = "http://127.0.0.1:" + httpPort() + webapps.get(0).context();
        Path passwordFile = work.resolve("jwtgate-key-password");
        Files.writeString(passwordFile, Container.KEY_PASSWORD);
        Map<String, String> serverEnv = readmeEnvironment(publicUrl, Files.createDirectories(work.resolve("data-" + starts)),
                passwordFile);
        env.forEach((k, v) -> {
            if (k.startsWith("JWTGATE_")) {
                serverEnv.put(k, v == null ? null : v.replace("{PUBLIC_URL}", publicUrl));
            }
        });
        loggingLevels(env);
        Path preboot = work.resolve("loopback.asadmin");
        Files.writeString(preboot, Readme.block(LOOPBACK_BLOCK));
        asadmin(serverEnv, "start-domain", "--domaindir", domains.toString(), "--prebootcommandfile", preboot.toString(), DOMAIN);
        Running running = new Running(webapps.get(0));
        Container c = new Container(Container.Kind.PAYARA_SERVER_6, null, log, URI.create(publicUrl), running,
                webapps.get(0).readyPath());
        try {
            for (Path library : libraries) {
                if (!Files.exists(domainDir().resolve("lib").resolve(library.getFileName()))) {
                    asadmin(Map.of(), "--port", Integer.toString(adminPort()), "add-library", library.toString());
                }
            }
        } catch (Exception e) {
            c.close();
            throw e;
        }
        for (Container.Webapp w : webapps) {
            try {
                running.deploy(w);
            } catch (Exception refused) {
                System.out.println("PAYARA_SERVER_6 deploy of " + w.name() + " refused: " + refused.getMessage());
            }
        }
        return c;
    }

    /**
     * Starts the domain with no JWTGATE_* variable at all, runs README's JVM-options block (by bash, with
     * {@code asadmin} bound to this domain's admin port, the example URL, data directory and alias file
     * replaced, its closing {@code restart-domain} as a stop and a start), with the test's own
     * {@code ownOptions} added before the restart, then deploys {@code webapp} and waits for it. Closing
     * the container undeploys, removes every JVM option and the password alias it created (the domain is
     * shared) and stops the domain.
     */
    Container startWithJvmOptions(Container.Webapp webapp, Path dataDir, List<String> ownOptions) throws Exception {
        starts++;
        Path log = domainDir().resolve("logs/server.log");
        if (Files.exists(log)) {
            Files.move(log, log.resolveSibling("server-before-start-" + starts + ".log"), StandardCopyOption.REPLACE_EXISTING);
        }
        String publicUrl = "http://127.0.0.1:" + httpPort() + webapp.context();
        Path aliasFile = work.resolve("jwtgate-key-password.alias");
        Files.writeString(aliasFile, "AS_ADMIN_ALIASPASSWORD=" + Container.KEY_PASSWORD + "\n");
        String block = Readme.block(JVM_OPTIONS_BLOCK, Map.of(JVM_OPTIONS_EXAMPLE_URL, publicUrl.replace(":", "\\:"),
                ENV_EXAMPLE_DATA_DIR, dataDir.toString(), JVM_OPTIONS_EXAMPLE_ALIAS_FILE, aliasFile.toString()));
        List<String> lines = block.lines().filter(l -> !l.isBlank() && !l.startsWith("#")).toList();
        String last = lines.get(lines.size() - 1);
        if (!last.startsWith("asadmin restart-domain ") || lines.stream().anyMatch(l -> !l.startsWith("asadmin "))) {
            throw new IllegalStateException("README's block '" + JVM_OPTIONS_BLOCK + "' must be asadmin commands ending with "
                    + "restart-domain:\n" + block);
        }
        StringBuilder configure = new StringBuilder(String.join("\n", lines.subList(0, lines.size() - 1))).append('\n');
        StringBuilder undo = new StringBuilder();
        for (String line : lines.subList(0, lines.size() - 1)) {
            undo.append(line.replace(" create-jvm-options ", " delete-jvm-options ")
                    .replace(" create-password-alias ", " delete-password-alias ")).append(" || true\n");
        }
        for (String option : ownOptions) {
            configure.append("asadmin create-jvm-options '").append(option).append("'\n");
            undo.append("asadmin delete-jvm-options '").append(option).append("' || true\n");
        }
        Path preboot = work.resolve("loopback.asadmin");
        Files.writeString(preboot, Readme.block(LOOPBACK_BLOCK));
        asadmin(Map.of(), "start-domain", "--domaindir", domains.toString(), "--prebootcommandfile", preboot.toString(), DOMAIN);
        Running running = new Running(webapp);
        running.beforeStop(() -> asadminScript(undo.toString()));
        Container c = new Container(Container.Kind.PAYARA_SERVER_6, null, log, URI.create(publicUrl), running, webapp.readyPath());
        try {
            asadminScript(configure.toString());
            asadmin(Map.of(), "stop-domain", "--domaindir", domains.toString(), DOMAIN);
            asadmin(Map.of(), "start-domain", "--domaindir", domains.toString(), "--prebootcommandfile", preboot.toString(), DOMAIN);
            running.deploy();
            c.awaitReady(Duration.ofSeconds(120));
        } catch (Exception e) {
            System.out.println(c.tail());
            c.close();
            throw e;
        }
        return c;
    }

    /** Runs {@code script} by bash, {@code asadmin} there being this domain's (admin port, non-interactive). */
    private void asadminScript(String script) throws Exception {
        Path out = work.resolve("asadmin.log");
        Files.writeString(out, "\n$ bash <<\n" + script, java.nio.file.StandardOpenOption.CREATE,
                java.nio.file.StandardOpenOption.APPEND);
        String function = "asadmin() { bash '" + home.resolve("bin/asadmin") + "' --interactive=false --port " + adminPort()
                + " \"$@\"; }\n";
        ProcessBuilder pb = new ProcessBuilder("bash", "-euc", function + script).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(out.toFile())).directory(work.toFile());
        pb.environment().keySet().removeIf(name -> name.startsWith("JWTGATE_") || name.startsWith("AS_")
                || name.equals("JAVA_TOOL_OPTIONS"));
        pb.environment().put("AS_JAVA", System.getProperty("java.home"));
        Process p = pb.start();
        if (!p.waitFor(ASADMIN_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("asadmin script did not finish within " + ASADMIN_TIMEOUT + ":\n" + script);
        }
        if (p.exitValue() != 0) {
            List<String> log = Files.readAllLines(out);
            throw new IllegalStateException("asadmin script failed:\n" + script + "\n"
                    + String.join("\n", log.subList(Math.max(0, log.size() - 20), log.size())));
        }
    }

    /**
     * README's environment block, run by bash with the test's URL, data directory and password file,
     * and the JWTGATE_* variables it exports (nothing else of the shell's).
     */
    private Map<String, String> readmeEnvironment(String publicUrl, Path data, Path passwordFile) throws Exception {
        String block = Readme.block(ENV_BLOCK, Map.of(ENV_EXAMPLE_URL, publicUrl, ENV_EXAMPLE_DATA_DIR, data.toString(),
                ENV_EXAMPLE_PASSWORD_FILE, passwordFile.toString()));
        ProcessBuilder pb = new ProcessBuilder("bash", "-euc", block + "\nenv -0\n").redirectError(ProcessBuilder.Redirect.INHERIT);
        pb.environment().keySet().removeIf(name -> name.startsWith("JWTGATE_"));
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("README's block '" + ENV_BLOCK + "' failed in bash:\n" + block);
        }
        Map<String, String> env = new LinkedHashMap<>();
        for (String entry : new String(out, java.nio.charset.StandardCharsets.UTF_8).split("\0")) {
            int eq = entry.indexOf('=');
            if (entry.startsWith("JWTGATE_") && eq > 0) {
                env.put(entry.substring(0, eq), entry.substring(eq + 1));
            }
        }
        return env;
    }

    /** The levels of a JUL file named in JAVA_TOOL_OPTIONS go to the domain's logging.properties (Payara sets its own file). */
    private void loggingLevels(Map<String, String> env) throws IOException {
        Path properties = domainDir().resolve("config/logging.properties");
        Path original = work.resolve("logging.properties.original");
        if (!Files.exists(original)) {
            Files.copy(properties, original);
        }
        Files.copy(original, properties, StandardCopyOption.REPLACE_EXISTING);
        TomcatDistribution.appendLogging(env, properties);
    }

    /** Runs asadmin (non-interactive) with JWTGATE_* from {@code env} only; its output goes to the work directory's log. */
    void asadmin(Map<String, String> env, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("bash", home.resolve("bin/asadmin").toString(), "--interactive=false"));
        cmd.addAll(List.of(args));
        Path out = work.resolve("asadmin.log");
        Files.writeString(out, "\n$ asadmin " + String.join(" ", args) + "\n", java.nio.file.StandardOpenOption.CREATE,
                java.nio.file.StandardOpenOption.APPEND);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(out.toFile())).directory(work.toFile());
        pb.environment().keySet().removeIf(name -> name.startsWith("JWTGATE_") || name.startsWith("AS_")
                || name.equals("JAVA_TOOL_OPTIONS"));
        pb.environment().put("AS_JAVA", System.getProperty("java.home"));
        env.forEach((k, v) -> {
            if (v != null) {
                pb.environment().put(k, v);
            }
        });
        Process p = pb.start();
        if (!p.waitFor(ASADMIN_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("asadmin " + String.join(" ", args) + " did not finish within " + ASADMIN_TIMEOUT);
        }
        if (p.exitValue() != 0) {
            List<String> lines = Files.readAllLines(out);
            throw new IllegalStateException("asadmin " + String.join(" ", args) + " failed:\n"
                    + String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size())));
        }
    }

    private void delete() {
        try {
            asadmin(Map.of(), "stop-domain", "--domaindir", domains.toString(), DOMAIN);
        } catch (Exception ignored) {
            // not running
        }
        try {
            asadmin(Map.of(), "delete-domain", "--domaindir", domains.toString(), DOMAIN);
        } catch (Exception ignored) {
            // best effort at JVM exit
        }
    }

    private static int freePortBase() throws IOException {
        for (int attempt = 0; attempt < 50; attempt++) {
            int base = ThreadLocalRandom.current().nextInt(200, 600) * 100;
            if (allFree(base)) {
                return base;
            }
        }
        throw new IllegalStateException("no free port base for Payara Server");
    }

    private static boolean allFree(int base) {
        for (int offset : PORT_OFFSETS) {
            try (ServerSocket s = new ServerSocket(base + offset, 1, InetAddress.getLoopbackAddress())) {
                s.setReuseAddress(true);
            } catch (IOException taken) {
                return false;
            }
        }
        return true;
    }

    /** An asadmin step. */
    interface Step {
        void run() throws Exception;
    }

    /** The started domain: deploy/undeploy the web application, stop. */
    final class Running implements AutoCloseable {
        private final Container.Webapp webapp;
        private final List<String> deployed = new ArrayList<>();
        private final List<Step> beforeStop = new ArrayList<>();

        Running(Container.Webapp webapp) {
            this.webapp = webapp;
        }

        void deploy() throws Exception {
            deploy(webapp);
        }

        /** {@code step} runs on the running domain after the undeploy, before the domain stops. */
        void beforeStop(Step step) {
            beforeStop.add(step);
        }

        void deploy(Container.Webapp w) throws Exception {
            asadmin(Map.of(), "--port", Integer.toString(adminPort()), "deploy", "--contextroot", w.name(), "--name",
                    w.name(), w.file().toString());
            deployed.add(w.name());
        }

        void undeploy() throws Exception {
            asadmin(Map.of(), "--port", Integer.toString(adminPort()), "undeploy", webapp.name());
            deployed.remove(webapp.name());
        }

        long pid() throws IOException {
            return Long.parseLong(Files.readString(domainDir().resolve("config/pid")).trim());
        }

        @Override
        public void close() throws Exception {
            try {
                for (String name : List.copyOf(deployed)) {
                    asadmin(Map.of(), "--port", Integer.toString(adminPort()), "undeploy", name);
                    deployed.remove(name);
                }
                for (Step step : beforeStop) {
                    step.run();
                }
            } finally {
                asadmin(Map.of(), "stop-domain", "--domaindir", domains.toString(), DOMAIN);
            }
        }
    }
}
