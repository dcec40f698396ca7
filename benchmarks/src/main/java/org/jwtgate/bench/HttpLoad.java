package org.jwtgate.bench;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.IntFunction;
import java.util.function.Supplier;
import java.util.zip.ZipFile;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jwtgate.testing.LocalIssuer;
import org.jwtgate.testing.TestKeys;
import org.jwtgate.testing.TokenMinter;

/**
 * HTTP load on the sample WAR, run on embedded Jetty 12 in a child JVM configured through environment
 * variables exactly as a user would ({@code JWTGATE_ISSUERS}, {@code JWTGATE_AUDIENCES},
 * {@code JWTGATE_TOKEN_CACHE}), trusting a {@link LocalIssuer} in this JVM; and one servlet on both a
 * public and a protected path behind jwtgate's filter configured in code ({@link EchoServer}). A
 * {@link LoadClient} with keep-alive connections on loopback measures, in one run: the unprotected
 * {@code /health}, the same servlet protected at {@code /api/ping}, and {@code /api/whoami}, with the
 * token cache on and (second child JVM) off, the tenant JWKS
 * with and without {@code If-None-Match}, and a kid flood (requests signed under random unknown
 * {@code kid}s, then the side doors: tokens under a published {@code kid} with another key type or
 * {@code alg}, without {@code kid} for an unpublished key type, under an encryption key's {@code kid})
 * against valid traffic. Args: sample.war output.md. System properties:
 * {@code load.seconds} (10), {@code load.warmup} (3), {@code load.connections} (4),
 * {@code load.jwksPath} ({@code /t/acme/oauth2/jwks}), {@code flood.requests} (10000),
 * {@code flood.seconds} (10), {@code flood.only} ({@code false}: {@code true} measures the kid flood
 * alone, after the warm-up), {@code cold.tokens} (400000), {@code cold.warmup} (30), {@code cold.seconds} (10) (the
 * cold-cache scenario: see {@link #coldCache}; {@code cold.only=true} measures it alone, {@code cold.cache=false} with the
 * token cache off), {@code load.rounds} (4), {@code load.slice} (2), {@code load.jvmArgs} (extra
 * options of the server JVMs, {@code {name}} standing for the run, e.g. a JFR recording). The unprotected and
 * protected endpoints are measured in turn, {@code load.rounds} slices of {@code load.slice} seconds
 * each, after {@code load.warmup} seconds of both, so that their ratio does not depend on the moment.
 */
public final class HttpLoad {
    private static final String CONTEXT = "/sample";
    private static final String AUDIENCE = "bench-api";

    private final Path war;
    private final Path work;
    private final Duration seconds = Duration.ofSeconds(Long.getLong("load.seconds", 10));
    private final Duration warmup = Duration.ofSeconds(Long.getLong("load.warmup", 10));
    private final int rounds = Integer.getInteger("load.rounds", 4);
    private final Duration slice = Duration.ofSeconds(Long.getLong("load.slice", 2));
    private final int connections = Integer.getInteger("load.connections", 4);
    private final String jwksPath = System.getProperty("load.jwksPath", "/t/acme/oauth2/jwks");
    private final int floodRequests = Integer.getInteger("flood.requests", 10_000);
    private final Duration floodSeconds = Duration.ofSeconds(Long.getLong("flood.seconds", 10));
    private final boolean floodOnly = Boolean.getBoolean("flood.only");
    private final StringBuilder md = new StringBuilder();
    private final String keyPassword = UUID.randomUUID().toString();

    private HttpLoad(Path war, Path work) {
        this.war = war;
        this.work = work;
    }

    public static void main(String[] args) throws Exception {
        Path war = Path.of(args[0]).toAbsolutePath();
        Path out = Path.of(args[1]);
        if (!Files.isRegularFile(war)) {
            String line = "HTTP load: skipped: no WAR at " + war + " (run.sh builds it with mvn -pl sample-war -am package)\n";
            Files.writeString(out, line);
            System.out.print(line);
            return;
        }
        HttpLoad load = new HttpLoad(war, Files.createDirectories(Path.of("target", "http-load")).toAbsolutePath());
        load.run();
        Files.writeString(out, load.md);
        System.out.print(load.md);
    }

    private void run() throws Exception {
        PublicJsonWebKey key = TestKeys.rsa(2048, "RS256");
        PublicJsonWebKey enc = TestKeys.ec("P-256"); // published for encryption: never a verification key
        enc.setUse("enc");
        enc.setAlgorithm("ECDH-ES");
        try (LocalIssuer issuer = LocalIssuer.start(enc, key)) {
            String token = TokenMinter.signedWith(key).issuer(issuer.issuer()).audience(AUDIENCE)
                    .subject("4f1c2a9e-bench-user").expiresIn(Duration.ofHours(2)).type("at+jwt")
                    .scope("orders:read orders:write profile").groups("staff", "orders-manager")
                    .claim("client_id", "bench-client").claim("jti", "8d2e5a7c-0b1f").sign();
            boolean cacheSwitch = webXml().contains("JWTGATE_TOKEN_CACHE");
            md.append("Sample WAR on Jetty 12 (child JVM, ").append(System.getProperty("java.vm.name")).append(' ')
                    .append(System.getProperty("java.version")).append("), ").append(connections)
                    .append(" keep-alive connections on loopback, ").append(warmup.toSeconds())
                    .append(" s warm-up, then /health, /api/ping (the same servlet behind the filter) and /api/whoami in turn, ").append(rounds).append(" × ")
                    .append(slice.toSeconds()).append(" s each (JWKS rows: ").append(seconds.toSeconds()).append(" s), ").append(Runtime.getRuntime().availableProcessors())
                    .append(" CPUs shared by server and load generator. RS256 token (").append(token.length())
                    .append(" chars).\n\n| endpoint | req/s | p50 ms | p99 ms | ratio to unprotected | errors |\n")
                    .append("|---|---:|---:|---:|---:|---:|\n");
            List<String> notes = new ArrayList<>();
            String flood;
            if (Boolean.getBoolean("cold.only")) {
                md.setLength(0);
                md.append(coldCache());
                return;
            }
            if (floodOnly) {
                try (Child app = Child.start(war, work, "flood", env(issuer, true))) {
                    LoadClient client = new LoadClient(app.port);
                    byte[] whoami = client.get(CONTEXT + "/api/whoami", "Authorization: Bearer " + token);
                    client.run("warm-up", connections, Duration.ZERO, warmup, i -> whoami, 200);
                    md.setLength(0);
                    md.append(flood(client, issuer, key, enc, whoami));
                }
                return;
            }
            try (Child app = Child.start(war, work, "cache-on", env(issuer, true))) {
                LoadClient client = new LoadClient(app.port);
                byte[] health = client.get(CONTEXT + "/health");
                byte[] whoami = client.get(CONTEXT + "/api/whoami", "Authorization: Bearer " + token);
                int probe = client.once(whoami).status();
                if (probe != 200) {
                    throw new IllegalStateException("the sample WAR answered " + probe + " to a valid token:\n" + app.tail());
                }
                Map<String, LoadClient.Result> pair = pair(client, token, health, whoami);
                LoadClient.Result open = pair.get("unprotected");
                row("`GET /health` (unprotected)", open, open);
                row("`GET /health` with the same `Authorization` header (unprotected path: not validated)",
                        pair.get("unprotected+header"), open);
                row("`GET /api/whoami` without a token (the filter's 401, no servlet)", pair.get("no token"), open);
                row("**`GET /api/ping`, the same servlet protected, token cache on**", pair.get("ping"), open);
                row("`GET /api/whoami`, token cache on (writes the principal as JSON)", pair.get("protected"), open);
                jwks(client, open, notes);
                flood = flood(client, issuer, key, enc, whoami);
            }
            if (cacheSwitch) {
                cacheOff(token, "cache-off", env(issuer, false), List.of(), "second JVM", "");
                // The same on the Amazon Corretto Crypto Provider, its jar on the server's class path (its lib/).
                Map<String, String> accpEnv = env(issuer, false);
                accpEnv.put("JWTGATE_CRYPTO_PROVIDER", "accp");
                cacheOff(token, "cache-off-accp", accpEnv, ACCP_JAR, "third JVM", ", ACCP** (`JWTGATE_CRYPTO_PROVIDER=accp`, its jar in the server's lib)");
            } else {
                notes.add("token cache off: skipped: the WAR's web.xml has no `${env:JWTGATE_TOKEN_CACHE:true}` placeholder yet");
            }
            md.append('\n');
            notes.forEach(n -> md.append("- ").append(n).append('\n'));
            md.append('\n').append(coldCache()).append('\n').append(echo(issuer, token)).append('\n').append(flood);
        }
    }

    private static final List<String> ACCP_JAR = List.of("AmazonCorrettoCryptoProvider");

    // The WAR with its token cache off in a JVM of its own, the unprotected and protected endpoints in turn.
    private void cacheOff(String token, String name, Map<String, String> env, List<String> serverJars, String jvm, String engine)
            throws Exception {
        try (Child app = Child.start(war, work, name, env, serverJars)) {
            LoadClient client = new LoadClient(app.port);
            byte[] health = client.get(CONTEXT + "/health");
            byte[] whoami = client.get(CONTEXT + "/api/whoami", "Authorization: Bearer " + token);
            Map<String, LoadClient.Result> pair = pair(client, token, health, whoami);
            LoadClient.Result open = pair.get("unprotected");
            row("`GET /health` (unprotected, " + jvm + ")", open, open);
            row("`GET /health` with the same `Authorization` header (" + jvm + ")", pair.get("unprotected+header"), open);
            row(engine.isEmpty() ? "**`GET /api/ping`, token cache off** (`JWTGATE_TOKEN_CACHE=false`)"
                    : "**`GET /api/ping`, token cache off" + engine, pair.get("ping"), open);
            row("`GET /api/whoami`, token cache off" + (engine.isEmpty() ? "" : ", ACCP"), pair.get("protected"), open);
        }
    }

    /**
     * Cold cache: {@code cold.tokens} distinct valid ES256 tokens (each its own {@code jti}), each sent once,
     * so that the token cache (on, as by default) cannot answer any; the sample WAR on the JDK's providers
     * and on ACCP (its jar in the server's lib), each in its own JVM, {@code cold.seconds} of load after
     * {@code cold.warmup} seconds (the warm-up takes its tokens from the same list: none is sent twice). The
     * warm-up is long because the server's JIT compiler (C2) keeps one CPU busy for 15 to 25 s of this load on
     * 2 CPUs: a short warm-up measures the compiler, not the request. Over the measured period it also reads
     * where the CPU went: the server JVM's CPU time, the load generator's and the machine's idle time, each per
     * request.
     */
    private String coldCache() throws Exception {
        int count = Integer.getInteger("cold.tokens", 400_000);
        Duration coldWarmup = Duration.ofSeconds(Long.getLong("cold.warmup", 30));
        Duration coldSeconds = Duration.ofSeconds(Long.getLong("cold.seconds", 10));
        PublicJsonWebKey ec = TestKeys.ec("P-256");
        ec.setAlgorithm("ES256");
        StringBuilder c = new StringBuilder();
        try (LocalIssuer issuer = LocalIssuer.start(ec)) {
            List<String> tokens = ColdTokens.mint(ec, issuer.issuer(), AUDIENCE, count);
            c.append("Cold cache: ").append(String.format("%,d", count)).append(" distinct valid ES256 tokens (P-256, ")
                    .append(tokens.get(0).length()).append(" chars, each its own `jti`), each sent at most once: the token ")
                    .append("cache (").append("false".equals(System.getProperty("cold.cache")) ? "off" : "on")
                    .append(") cannot answer any. The sample WAR in its own JVM per engine, ").append(connections)
                    .append(" keep-alive connections, ").append(coldWarmup.toSeconds()).append(" s warm-up then ")
                    .append(coldSeconds.toSeconds()).append(" s measured, on tokens not sent before. CPU columns: ")
                    .append("microseconds of CPU per request over the measured period, of the server's JVM (all its ")
                    .append("threads), of the load generator's, and of the machine left idle (")
                    .append(Runtime.getRuntime().availableProcessors()).append(" CPUs).\n\n")
                    .append("| engine | req/s | p50 ms | p99 ms | tokens sent | errors | server CPU µs | load CPU µs | idle µs |\n")
                    .append("|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
            Map<String, Double> rates = new LinkedHashMap<>();
            Map<String, Double> serverCpu = new LinkedHashMap<>();
            for (String engine : List.of("jdk", "accp")) {
                Map<String, String> env = env(issuer, !"false".equals(System.getProperty("cold.cache")));
                env.put("JWTGATE_CRYPTO_PROVIDER", engine);
                try (Child app = Child.start(war, work, "cold-" + engine, env, engine.equals("accp") ? ACCP_JAR : List.of())) {
                    LoadClient client = new LoadClient(app.port);
                    List<byte[]> requests = new ArrayList<>(tokens.size());
                    for (String t : tokens) {
                        requests.add(client.get(CONTEXT + "/api/ping", "Authorization: Bearer " + t));
                    }
                    byte[] spent = client.get(CONTEXT + "/api/ping", "Authorization: Bearer spent");
                    AtomicInteger next = new AtomicInteger();
                    IntFunction<byte[]> once = i -> { // past the list: a 401, counted as an error
                        int at = next.getAndIncrement();
                        return at < requests.size() ? requests.get(at) : spent;
                    };
                    client.run("cold-" + engine + "-warm-up", connections, Duration.ZERO, coldWarmup, once, 200);
                    int sentBefore = next.get();
                    CpuTimes before = CpuTimes.read(app.process);
                    LoadClient.Result r = client.run("cold-" + engine, connections, Duration.ZERO, coldSeconds, once, 200);
                    CpuTimes spentCpu = CpuTimes.read(app.process).minus(before);
                    rates.put(engine, r.perSecond());
                    double perRequest = 1e-3 / r.requests();
                    serverCpu.put(engine, spentCpu.serverNanos() * perRequest);
                    c.append(String.format("| %s | %,.0f | %.2f | %.2f | %,d | %d | %.0f | %.0f | %.0f |%n", engine.equals("jdk")
                            ? "the JDK's providers (`JWTGATE_CRYPTO_PROVIDER=jdk`)" : "**ACCP** (`JWTGATE_CRYPTO_PROVIDER=accp`)",
                            r.perSecond(), r.percentileMillis(50), r.percentileMillis(99),
                            Math.min(next.get(), requests.size()) - sentBefore, r.unexpected(), spentCpu.serverNanos() * perRequest,
                            spentCpu.loadNanos() * perRequest, spentCpu.idleNanos() * perRequest));
                }
            }
            c.append(String.format("%nACCP / JDK: **%.1f×** the requests per second; %.1f× in the server's CPU per request.%n",
                    rates.get("accp") / rates.get("jdk"), serverCpu.get("jdk") / serverCpu.get("accp")));
        }
        return c.toString();
    }

    /**
     * CPU time so far: the server's JVM (a child process, all its threads), this JVM (the load generator) and
     * the machine's idle time (all CPUs, from /proc/stat; 0 where there is none).
     */
    private record CpuTimes(long serverNanos, long loadNanos, long idleNanos) {
        static CpuTimes read(Process server) throws IOException {
            long serverCpu = server.toHandle().info().totalCpuDuration().map(Duration::toNanos)
                    .orElseThrow(() -> new IllegalStateException("no CPU time for the server's process"));
            long own = ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                    .getOperatingSystemMXBean()).getProcessCpuTime();
            long idle = 0;
            Path stat = Path.of("/proc/stat");
            if (Files.isReadable(stat)) {
                String[] cpu = Files.readAllLines(stat).get(0).trim().split("\\s+"); // "cpu user nice system idle iowait ..."
                idle = (Long.parseLong(cpu[4]) + Long.parseLong(cpu[5])) * (1_000_000_000L / 100); // USER_HZ = 100
            }
            return new CpuTimes(serverCpu, own, idle);
        }

        CpuTimes minus(CpuTimes earlier) {
            return new CpuTimes(serverNanos - earlier.serverNanos, loadNanos - earlier.loadNanos, idleNanos - earlier.idleNanos);
        }
    }

    // The same servlet with and without protection, in code on Jetty: what jwtgate itself costs per request.
    private String echo(LocalIssuer issuer, String token) throws Exception {
        StringBuilder e = new StringBuilder("Same servlet, protected or not: jwtgate's filter configured in code on embedded Jetty 12")
                .append(" (child JVM, no WAR), one servlet at `/app/open/echo` and `/app/api/echo` writing `{\"ok\":true}`;")
                .append(" measured like the WAR above.\n\n| endpoint | req/s | p50 ms | p99 ms | ratio to unprotected | errors |\n")
                .append("|---|---:|---:|---:|---:|---:|\n");
        for (boolean cache : List.of(true, false)) {
            try (Child app = Child.start(work, cache ? "echo-cache-on" : "echo-cache-off", Map.of(), List.of("jwtgate-", "jose4j"),
                    "/app/open/echo", EchoServer.class.getName(), "{port}", issuer.issuer(), issuer.jwksUri(), AUDIENCE,
                    Boolean.toString(cache))) {
                LoadClient client = new LoadClient(app.port);
                Map<String, LoadClient.Kind> kinds = new LinkedHashMap<>();
                kinds.put("open", new LoadClient.Kind(client.get("/app/open/echo", "Authorization: Bearer " + token), 200));
                kinds.put("protected", new LoadClient.Kind(client.get("/app/api/echo", "Authorization: Bearer " + token), 200));
                if (client.once(kinds.get("protected").request()).status() != 200) {
                    throw new IllegalStateException("the echo server refused the token:\n" + app.tail());
                }
                List<LoadClient.Kind> all = new ArrayList<>(kinds.values());
                client.run("warm-up", connections, Duration.ZERO, warmup, i -> all.get(i % all.size()).request(), 0);
                Map<String, LoadClient.Result> r = client.alternate(connections, rounds, slice, kinds);
                LoadClient.Result open = r.get("open");
                String how = cache ? "token cache on" : "token cache off";
                e.append(formatRow("`GET /app/open/echo` with the token (unprotected, " + how + " JVM)", open, open));
                e.append(formatRow("**`GET /app/api/echo`, " + how + "**", r.get("protected"), open));
            }
        }
        return e.toString();
    }

    // The endpoints warmed up together, then measured in turn.
    private Map<String, LoadClient.Result> pair(LoadClient client, String token, byte[] health, byte[] whoami)
            throws InterruptedException {
        Map<String, LoadClient.Kind> kinds = new LinkedHashMap<>();
        kinds.put("unprotected", new LoadClient.Kind(health, 200));
        kinds.put("unprotected+header", new LoadClient.Kind(client.get(CONTEXT + "/health", "Authorization: Bearer " + token), 200));
        kinds.put("no token", new LoadClient.Kind(client.get(CONTEXT + "/api/whoami"), 401));
        kinds.put("ping", new LoadClient.Kind(client.get(CONTEXT + "/api/ping", "Authorization: Bearer " + token), 200));
        kinds.put("protected", new LoadClient.Kind(whoami, 200));
        List<LoadClient.Kind> all = new ArrayList<>(kinds.values());
        client.run("warm-up", connections, Duration.ZERO, warmup, i -> all.get(i % all.size()).request(), 0);
        return client.alternate(connections, rounds, slice, kinds);
    }

    private void jwks(LoadClient client, LoadClient.Result open, List<String> notes) throws Exception {
        byte[] plain = client.get(CONTEXT + jwksPath);
        LoadClient.Response first = client.once(plain);
        if (first.status() != 200) {
            notes.add("JWKS endpoint: skipped: `GET " + CONTEXT + jwksPath + "` answered " + first.status()
                    + " (not deployed in this WAR yet)");
            return;
        }
        LoadClient.Result full = client.run("jwks", connections, Duration.ofSeconds(2), seconds, i -> plain, 200);
        row("`GET " + jwksPath + "` (JWKS, 200)", full, open);
        if (first.etag() == null) {
            notes.add("JWKS with If-None-Match: skipped: the JWKS response has no ETag");
            return;
        }
        byte[] conditional = client.get(CONTEXT + jwksPath, "If-None-Match: " + first.etag());
        LoadClient.Result notModified = client.run("jwks-304", connections, Duration.ofSeconds(2), seconds, i -> conditional, 304);
        row("`GET " + jwksPath + "`, `If-None-Match` (304)", notModified, open);
    }

    // Valid traffic alone, then the same with floodRequests unverifiable tokens of each kind spread over floodSeconds.
    private String flood(LoadClient client, LocalIssuer issuer, PublicJsonWebKey key, PublicJsonWebKey enc, byte[] whoami)
            throws Exception {
        String kid = ",\"kid\":\"" + key.getKeyId() + "\"";
        Map<String, Supplier<String>> kinds = new LinkedHashMap<>(); // each request's JWS header
        kinds.put("**flood: random unknown kids**",
                () -> "{\"alg\":\"RS256\",\"typ\":\"at+jwt\",\"kid\":\"" + UUID.randomUUID() + "\"}");
        kinds.put("side door: the RSA key's kid, `alg` ES256", () -> "{\"alg\":\"ES256\",\"typ\":\"at+jwt\"" + kid + "}");
        kinds.put("side door: the RSA key's kid (its `alg` RS256), `alg` PS256",
                () -> "{\"alg\":\"PS256\",\"typ\":\"at+jwt\"" + kid + "}");
        kinds.put("side door: no kid, `alg` ES256 (no EC signature key)", () -> "{\"alg\":\"ES256\",\"typ\":\"at+jwt\"}");
        kinds.put("side door: the encryption key's kid, `alg` ES256",
                () -> "{\"alg\":\"ES256\",\"typ\":\"at+jwt\",\"kid\":\"" + enc.getKeyId() + "\"}");
        SecureRandom random = new SecureRandom();
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String payload = b64.encodeToString(("{\"iss\":\"" + issuer.issuer() + "\",\"aud\":\"" + AUDIENCE
                + "\",\"sub\":\"mallory\",\"exp\":" + (System.currentTimeMillis() / 1000 + 7200) + "}")
                .getBytes(StandardCharsets.UTF_8));
        byte[] signature = new byte[256];
        Map<String, List<byte[]>> floods = new LinkedHashMap<>();
        for (Map.Entry<String, Supplier<String>> kind : kinds.entrySet()) {
            List<byte[]> bad = new ArrayList<>(floodRequests);
            for (int i = 0; i < floodRequests; i++) {
                String header = b64.encodeToString(kind.getValue().get().getBytes(StandardCharsets.UTF_8));
                random.nextBytes(signature);
                bad.add(client.get(CONTEXT + "/api/whoami", "Authorization: Bearer " + header + "." + payload + "."
                        + b64.encodeToString(signature)));
            }
            floods.put(kind.getKey(), bad);
        }
        List<byte[]> anonymous = new ArrayList<>(floodRequests);
        byte[] noToken = client.get(CONTEXT + "/api/whoami");
        for (int i = 0; i < floodRequests; i++) {
            anonymous.add(noToken);
        }
        issuer.resetCounts();
        LoadClient.Result calm = client.run("calm", connections, Duration.ZERO, floodSeconds, i -> whoami, 200);
        int calmFetches = issuer.jwksRequests();
        Map<String, Phase> phases = new LinkedHashMap<>();
        phases.put("control: as many requests without a token", phase(client, issuer, anonymous, whoami));
        long floodStart = System.nanoTime();
        for (Map.Entry<String, List<byte[]>> e : floods.entrySet()) {
            phases.put(e.getKey(), phase(client, issuer, e.getValue(), whoami));
        }
        double floodTook = (System.nanoTime() - floodStart) / 1e9;
        int floodFetches = 0;
        Map<Integer, Long> statuses = new TreeMap<>();
        for (Map.Entry<String, Phase> e : phases.entrySet()) {
            if (floods.containsKey(e.getKey())) {
                floodFetches += e.getValue().fetches;
                e.getValue().statuses.forEach((status, n) -> statuses.merge(status, n, Long::sum));
            }
        }
        StringBuilder f = new StringBuilder();
        f.append("Kid flood: ").append(floodRequests).append(" requests of each kind below, signed with random bytes, spread over ")
                .append(floodSeconds.toSeconds()).append(" s on ").append(FLOOD_CONNECTIONS)
                .append(" more connections while valid traffic runs on ").append(connections)
                .append(" connections: under random unknown `kid`s, then the side doors, tokens no published key can verify ")
                .append("though their `kid` is published or absent (the issuer publishes an RSA key, `alg` RS256, and an EC ")
                .append("encryption key). Statuses of all flood requests: ").append(statuses).append("; ")
                .append(floodFetches).append(" JWKS fetch(es) in the ").append(String.format("%.0f", floodTook))
                .append(" s of the floods; the WAR's `jwks-refresh-interval` is 30 s unless `JWTGATE_JWKS_REFRESH_INTERVAL` says ")
                .append("otherwise. The control sends as many requests without a token at the same pace (statuses ")
                .append(phases.values().iterator().next().statuses)
                .append("): what the extra HTTP traffic costs the valid traffic on these CPUs, before any token is read.\n\n")
                .append("| phase | valid req/s | valid p50 ms | valid p99 ms | p99 vs no flood | JWKS fetches |\n")
                .append("|---|---:|---:|---:|---:|---:|\n");
        f.append(String.format("| no flood | %,.0f | %.2f | %.2f | 1.00 | %d |%n", calm.perSecond(), calm.percentileMillis(50),
                calm.percentileMillis(99), calmFetches));
        for (Map.Entry<String, Phase> e : phases.entrySet()) {
            LoadClient.Result r = e.getValue().valid;
            f.append(String.format("| %s | %,.0f | %.2f | %.2f | %.2f | %d |%n", e.getKey(), r.perSecond(), r.percentileMillis(50),
                    r.percentileMillis(99), r.percentileMillis(99) / calm.percentileMillis(99), e.getValue().fetches));
        }
        return f.toString();
    }

    private static final int FLOOD_CONNECTIONS = 2;

    private record Phase(LoadClient.Result valid, double took, Map<Integer, Long> statuses, int fetches) {
    }

    // Valid traffic on the usual connections while the given requests are sent, evenly paced, on two more.
    private Phase phase(LoadClient client, LocalIssuer issuer, List<byte[]> bad, byte[] whoami) throws Exception {
        issuer.resetCounts();
        AtomicLongArray statuses = new AtomicLongArray(600);
        long start = System.nanoTime();
        long interval = floodSeconds.toNanos() * FLOOD_CONNECTIONS / bad.size();
        List<Thread> flooders = new ArrayList<>();
        for (int t = 0; t < FLOOD_CONNECTIONS; t++) {
            int first = t;
            Thread th = new Thread(() -> {
                LoadClient.Connection conn = null;
                try {
                    for (int i = first, n = 0; i < bad.size(); i += FLOOD_CONNECTIONS, n++) {
                        long wait = start + n * interval - System.nanoTime();
                        if (wait > 0) {
                            TimeUnit.NANOSECONDS.sleep(wait); // pacing the flood, not waiting for time to pass in a test
                        }
                        try {
                            if (conn == null) {
                                conn = new LoadClient.Connection(client.port());
                            }
                            statuses.incrementAndGet(Math.min(599, conn.send(bad.get(i)).status()));
                            if (conn.closed()) {
                                conn.close();
                                conn = null;
                            }
                        } catch (IOException e) {
                            statuses.incrementAndGet(0);
                            if (conn != null) {
                                conn.close();
                                conn = null;
                            }
                        }
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    if (conn != null) {
                        conn.close();
                    }
                }
            }, "flood-" + t);
            th.start();
            flooders.add(th);
        }
        LoadClient.Result valid = client.run("flood", connections, Duration.ZERO, floodSeconds, i -> whoami, 200);
        for (Thread th : flooders) {
            th.join();
        }
        double took = (System.nanoTime() - start) / 1e9;
        Map<Integer, Long> byStatus = new LinkedHashMap<>();
        for (int s = 0; s < 600; s++) {
            if (statuses.get(s) > 0) {
                byStatus.put(s, statuses.get(s));
            }
        }
        return new Phase(valid, took, byStatus, issuer.jwksRequests());
    }

    private void row(String name, LoadClient.Result r, LoadClient.Result open) {
        md.append(formatRow(name, r, open));
    }

    private static String formatRow(String name, LoadClient.Result r, LoadClient.Result open) {
        return String.format("| %s | %,.0f | %.2f | %.2f | %.2f | %d |%n", name, r.perSecond(), r.percentileMillis(50),
                r.percentileMillis(99), r.perSecond() / open.perSecond(), r.unexpected());
    }

    private Map<String, String> env(LocalIssuer issuer, boolean cache) throws IOException {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("JWTGATE_ISSUERS", issuer.issuer() + "|" + issuer.jwksUri());
        env.put("JWTGATE_AUDIENCES", AUDIENCE);
        env.put("JWTGATE_TOKEN_CACHE", Boolean.toString(cache));
        // a directory of this run's own: the key files of an earlier run were sealed with its password
        env.put("JWTGATE_DATA_DIR", Files.createDirectories(work.resolve("data-" + keyPassword)).toString());
        // The sample has no default key password (its tenants' key files); any will do for a throwaway directory,
        // the same for every server JVM of the run, which share that directory.
        env.put("JWTGATE_KEY_PASSWORD", keyPassword);
        return env;
    }

    private String webXml() throws IOException {
        try (ZipFile zip = new ZipFile(war.toFile()); InputStream in = zip.getInputStream(zip.getEntry("WEB-INF/web.xml"))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** The WAR on Jetty in its own JVM, with its own environment. */
    private static final class Child implements AutoCloseable {
        private static final List<String> SERVER_JARS = List.of("jetty-", "jakarta.servlet-api", "jakarta.annotation-api",
                "jakarta.transaction-api", "jakarta.interceptor-api", "asm", "slf4j-");
        final Process process;
        final int port;
        final Path log;

        private Child(Process process, int port, Path log) {
            this.process = process;
            this.port = port;
            this.log = log;
        }

        static Child start(Path war, Path work, String name, Map<String, String> env) throws Exception {
            return start(war, work, name, env, List.of());
        }

        /** The WAR with {@code serverJars} (file name prefixes) on the server's class path too, as in its lib/. */
        static Child start(Path war, Path work, String name, Map<String, String> env, List<String> serverJars) throws Exception {
            return start(work, name, env, serverJars, CONTEXT + "/health", WarServer.class.getName(), war.toString(), "{port}",
                    CONTEXT);
        }

        /** A main class of this module in its own JVM; {@code {port}} in its arguments becomes a free port. */
        static Child start(Path work, String name, Map<String, String> env, List<String> moreJars, String readyPath,
                String main, String... mainArgs) throws Exception {
            int port;
            try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                port = s.getLocalPort();
            }
            List<String> classpath = new ArrayList<>();
            for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
                String file = Path.of(entry).getFileName().toString();
                if (Files.isDirectory(Path.of(entry)) || SERVER_JARS.stream().anyMatch(file::startsWith)
                        || moreJars.stream().anyMatch(file::startsWith)) {
                    classpath.add(Path.of(entry).toAbsolutePath().toString());
                }
            }
            Path log = work.resolve(name + ".log");
            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx512m"));
            String extra = System.getProperty("load.jvmArgs", "").strip(); // e.g. -XX:StartFlightRecording=filename=…
            if (!extra.isEmpty()) {
                command.addAll(List.of(extra.replace("{name}", name).split("\\s+")));
            }
            command.addAll(List.of("-cp", String.join(File.pathSeparator, classpath), main));
            for (String a : mainArgs) {
                command.add(a.replace("{port}", Integer.toString(port)));
            }
            ProcessBuilder pb = new ProcessBuilder(command)
                    .directory(work.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
            pb.environment().putAll(env);
            Child c = new Child(pb.start(), port, log);
            try {
                c.awaitReady(readyPath);
            } catch (Exception e) {
                c.close();
                throw e;
            }
            return c;
        }

        private void awaitReady(String readyPath) throws Exception {
            LoadClient client = new LoadClient(port);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (System.nanoTime() < deadline) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("the server's JVM exited with " + process.exitValue() + ":\n" + tail());
                }
                try {
                    if (client.once(client.get(readyPath)).status() == 200) {
                        return;
                    }
                } catch (IOException notYet) {
                    // not listening yet
                }
                process.waitFor(200, TimeUnit.MILLISECONDS); // polling a starting server
            }
            throw new IllegalStateException("the server was not ready within 120 s:\n" + tail());
        }

        String tail() throws IOException {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        }

        @Override
        public void close() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }
}
