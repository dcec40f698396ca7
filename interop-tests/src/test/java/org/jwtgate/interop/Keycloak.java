package org.jwtgate.interop;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.jose4j.json.JsonUtil;
import org.jose4j.lang.JoseException;

/**
 * A real Keycloak, the {@code keycloak-quarkus-dist} zip from Maven Central unpacked below target/, run
 * in {@code start-dev} mode on 127.0.0.1 and free ports with a JDK 21+ found at run time, and driven
 * through its admin REST API (bootstrap admin {@code admin}). Nothing is kept outside target/: its H2
 * database and build state live in the unpacked directory.
 */
final class Keycloak implements AutoCloseable {
    static final String ADMIN = "admin";
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private final Process process;
    private final String base;
    private final Duration startTime;

    private Keycloak(Process process, String base, Duration startTime) {
        this.process = process;
        this.base = base;
        this.startTime = startTime;
    }

    /**
     * A JDK 21 or later: {@code interop.keycloak.java} (a JDK home), else {@code JAVA_HOME} or the running
     * JDK when 21+, else the newest under {@code /usr/lib/jvm}.
     */
    static Optional<Path> findJdk21() {
        Stream<Path> candidates = Stream.of(System.getProperty("interop.keycloak.java"), System.getenv("JAVA_HOME"),
                System.getProperty("java.home")).filter(s -> s != null && !s.isBlank()).map(Path::of);
        Optional<Path> explicit = candidates.filter(h -> feature(h).orElse(0) >= 21).findFirst();
        if (explicit.isPresent()) {
            return explicit;
        }
        Path jvms = Path.of("/usr/lib/jvm");
        if (!Files.isDirectory(jvms)) {
            return Optional.empty();
        }
        try (Stream<Path> dirs = Files.list(jvms)) {
            return dirs.filter(h -> feature(h).orElse(0) >= 21)
                    .max(Comparator.comparing((Path h) -> feature(h).orElse(0)).thenComparing(Path::toString));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** The feature version from a JDK home's {@code release} file, when it has a {@code bin/java}. */
    private static Optional<Integer> feature(Path home) {
        Path release = home.resolve("release");
        if (!Files.isExecutable(home.resolve("bin/java")) || !Files.isRegularFile(release)) {
            return Optional.empty();
        }
        Properties p = new Properties();
        try (var in = Files.newInputStream(release)) {
            p.load(in);
            String v = p.getProperty("JAVA_VERSION", "").replace("\"", "");
            String major = v.startsWith("1.") ? v.substring(2) : v;
            int end = 0;
            while (end < major.length() && Character.isDigit(major.charAt(end))) {
                end++;
            }
            return end == 0 ? Optional.empty() : Optional.of(Integer.parseInt(major.substring(0, end)));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Starts Keycloak from {@code home} with {@code jdk}; its output goes to {@code log}. Waits until it answers. */
    static Keycloak start(Path home, Path jdk, Path log, Duration timeout) throws IOException, InterruptedException {
        deleteRecursively(home.resolve("data")); // a fresh database (realm, admin) even when target/ was kept
        int port = freePort();
        int management = freePort();
        long t0 = System.nanoTime();
        ProcessBuilder pb = new ProcessBuilder(home.resolve("bin/kc.sh").toString(), "start-dev", "--http-host=127.0.0.1",
                "--http-port=" + port, "--http-management-port=" + management, "--hostname-strict=false", "--cache=local")
                .directory(home.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("JAVA_HOME", jdk.toString());
        pb.environment().put("KC_BOOTSTRAP_ADMIN_USERNAME", ADMIN);
        pb.environment().put("KC_BOOTSTRAP_ADMIN_PASSWORD", ADMIN);
        pb.environment().remove("JAVA_OPTS");
        // C1 only: a start-up (augmentation) that is mostly class loading and one-off code, on 2 shared cores
        pb.environment().put("JAVA_OPTS_APPEND", "-XX:TieredStopAtLevel=1");
        Process process = pb.start();
        // Never outlive the test JVM (a killed fork, an interrupted build): Keycloak's JVM is the script's child.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            process.descendants().forEach(ProcessHandle::destroy);
            process.destroy();
        }, "keycloak-stop"));
        String base = "http://127.0.0.1:" + port;
        Keycloak kc = new Keycloak(process, base, Duration.ZERO);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Keycloak exited with " + process.exitValue() + "; see " + log);
            }
            try {
                if (kc.get("/realms/master").statusCode() == 200) {
                    return new Keycloak(process, base, Duration.ofNanos(System.nanoTime() - t0));
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(500);
        }
        kc.close();
        throw new IllegalStateException("Keycloak did not answer within " + timeout + "; see " + log);
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    String base() {
        return base;
    }

    Duration startTime() {
        return startTime;
    }

    String issuer(String realm) {
        return base + "/realms/" + realm;
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** A token response of {@code realm}'s token endpoint for these form parameters. */
    Map<String, Object> token(String realm, Map<String, String> form) throws IOException, InterruptedException {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(issuer(realm) + "/protocol/openid-connect/token"))
                .timeout(Duration.ofSeconds(10)).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form(form))).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("token endpoint of realm " + realm + ": " + r.statusCode() + " " + r.body());
        }
        return json(r.body());
    }

    String clientCredentials(String realm, String client, String secret) throws IOException, InterruptedException {
        return (String) token(realm, Map.of("grant_type", "client_credentials", "client_id", client, "client_secret", secret))
                .get("access_token");
    }

    /** An admin API call (a fresh master-realm admin token each time: they live 60 s). */
    HttpResponse<String> admin(String method, String path, String json) throws IOException, InterruptedException {
        String token = (String) token("master", Map.of("grant_type", "password", "client_id", "admin-cli",
                "username", ADMIN, "password", ADMIN)).get("access_token");
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + "/admin" + path)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json");
        b.method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() / 100 != 2) {
            throw new IllegalStateException("admin " + method + " " + path + ": " + r.statusCode() + " " + r.body());
        }
        return r;
    }

    static Map<String, Object> json(String body) {
        try {
            return JsonUtil.parseJson(body);
        } catch (JoseException e) {
            throw new IllegalStateException("not JSON: " + body, e);
        }
    }

    private static String form(Map<String, String> form) {
        return form.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
    }

    boolean running() {
        return process.isAlive();
    }

    /** Stops Keycloak and the JVM its script started. */
    @Override
    public void close() {
        List<ProcessHandle> children = process.descendants().toList();
        children.forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            for (ProcessHandle c : children) {
                c.onExit().get(30, java.util.concurrent.TimeUnit.SECONDS);
            }
            process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS);
        } catch (Exception e) {
            children.forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
    }
}
