package org.jwtgate.filter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.jose4j.json.JsonUtil;
import org.jwtgate.keys.jdbc.JdbcKeyStore;
import org.jwtgate.testing.TcpProxy;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two application nodes — two embedded Jetty 12 servers deploying the same web.xml (the JWKS
 * servlet with {@code store=jdbc}, an application servlet that signs tokens, one that rotates,
 * and the jwtgate filter trusting the node's own JWKS) — over one PostgreSQL database, reached
 * through a TCP proxy that the outage test cuts. Nodes see each other's changes within
 * {@code jdbc-poll-interval} ({@value #POLL_MILLIS} ms here): those waits are bounded loops that poll
 * over HTTP. The crash of a node in the middle of a rotation (kill -9 of a second JVM) is
 * {@code JdbcKeyStoreContract#killingANodeInTheMiddleOfARotationLeavesAConsistentStoreThatTheOtherContinues} in core.
 */
@ExtendWith(PostgresqlReachable.class)
class MultiNodeJdbcStoreTest {
    static final long POLL_MILLIS = 300;
    private static final String KEK_PROPERTY = "jwtgate.test.multinode.kek";
    private static final String ISSUER = "https://auth.example.test/t/";
    private static final SecureRandom RANDOM = new SecureRandom();

    @TempDir
    static Path work;

    static final String PREFIX = "jwtgate_n" + HexFormat.of().formatHex(RANDOM.generateSeed(5)) + "_";
    static TcpProxy proxy;
    static TestServer a;
    static TestServer b;

    @BeforeAll
    static void start() {
        byte[] kek = new byte[32];
        RANDOM.nextBytes(kek);
        System.setProperty(KEK_PROPERTY, "k1:" + Base64.getEncoder().encodeToString(kek));
        proxy = new TcpProxy(PostgresqlReachable.HOST, PostgresqlReachable.PORT);
        a = node("a");
        b = node("b");
    }

    private static TestServer node(String name) {
        TestServer server = new TestServer();
        String base = "http://127.0.0.1:" + server.port();
        Map<String, String> jwks = new LinkedHashMap<>();
        jwks.put("store", "jdbc");
        jwks.put("jdbc-url", PostgresqlReachable.url("127.0.0.1", proxy.port()));
        jwks.put("jdbc-user", PostgresqlReachable.USER);
        jwks.put("jdbc-table-prefix", PREFIX);
        jwks.put("jdbc-create-schema", "true");
        jwks.put("jdbc-poll-interval", POLL_MILLIS + "ms");
        jwks.put("key-encryption-keys", "${sys:" + KEK_PROPERTY + "}");
        jwks.put("key-type", "ec-p256");
        jwks.put("issuer", ISSUER + "{tenant}");
        jwks.put("tenants", "acme");
        jwks.put("auto-create", "true");
        Map<String, String> filter = Map.of("issuers", ISSUER + "acme|" + base + "/auth/t/acme/oauth2/jwks",
                "audiences", "orders-api", "realm", "orders", "protected-paths", "/api/*");
        return server.add("/auth", new WebXml().servlet("jwks", JwksServlet.class, jwks, "/t/*")
                        .servlet("issue", IssueServlet.class, "/issue").servlet("rotate", RotateServlet.class, "/rotate"),
                        work.resolve(name + "-auth"))
                .add("/api", new WebXml().filter(filter).servlet("echo", EchoServlet.class, "/api/*"), work.resolve(name + "-api"))
                .start();
    }

    @AfterAll
    static void stop() throws SQLException {
        for (AutoCloseable c : new AutoCloseable[] {a, b, proxy}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception e) {
                // keep stopping the others
            }
        }
        System.clearProperty(KEK_PROPERTY);
        if (PostgresqlReachable.unreachable().isEmpty()) {
            try (Connection c = direct(); Statement s = c.createStatement()) {
                for (String table : new String[] {"key", "tenant", "schema_version"}) {
                    s.execute("DROP TABLE IF EXISTS " + PREFIX + table);
                }
            }
        }
    }

    private static Connection direct() throws SQLException {
        return DriverManager.getConnection(PostgresqlReachable.url(PostgresqlReachable.HOST, PostgresqlReachable.PORT),
                PostgresqlReachable.USER, "");
    }

    private static long keyRows(String tenant) throws SQLException {
        try (Connection c = direct(); PreparedStatement s = c.prepareStatement(tenant == null
                ? "SELECT COUNT(*) FROM " + PREFIX + "key" : "SELECT COUNT(*) FROM " + PREFIX + "key WHERE tenant = ?")) {
            if (tenant != null) {
                s.setString(1, tenant);
            }
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getLong(1);
            }
        }
    }

    private static HttpResponse<String> get(TestServer node, String path, String... headers) {
        HttpRequest.Builder r = node.request(path);
        for (int i = 0; i < headers.length; i += 2) {
            r.header(headers[i], headers[i + 1]);
        }
        return TestServer.send(r);
    }

    private static String token(TestServer node) {
        HttpResponse<String> r = get(node, "/auth/issue?tenant=acme");
        assertEquals(200, r.statusCode(), r.body());
        return r.body();
    }

    private static int call(TestServer node, String token) {
        return get(node, "/api/api/orders", "Authorization", "Bearer " + token).statusCode();
    }

    private static JdbcKeyStore store(TestServer node) {
        return (JdbcKeyStore) JwksServlet.publisher(node.context("/auth").getServletContext()).orElseThrow().store();
    }

    @SuppressWarnings("unchecked")
    private static List<String> kids(String jwks) {
        List<Map<String, Object>> keys = (List<Map<String, Object>>) parse(jwks).get("keys");
        return keys.stream().map(k -> (String) k.get("kid")).toList();
    }

    private static Map<String, Object> parse(String json) {
        try {
            return JsonUtil.parseJson(json);
        } catch (org.jose4j.lang.JoseException e) {
            throw new AssertionError(json, e);
        }
    }

    /** Polls {@code condition} every 25 ms until it holds; fails after {@code limit}. Returns the time it took. */
    private static Duration awaitTrue(Duration limit, Supplier<Boolean> condition, String what) throws InterruptedException {
        long start = System.nanoTime();
        while (!condition.get()) {
            assertTrue(System.nanoTime() - start < limit.toNanos(), what + " within " + limit);
            Thread.sleep(25);
        }
        return Duration.ofNanos(System.nanoTime() - start);
    }

    // --- the tests ------------------------------------------------------------------------------

    @Test
    void bothNodesPublishTheSameJwksAndAcceptTokensSignedByTheOther() {
        HttpResponse<String> onA = get(a, "/auth/t/acme/oauth2/jwks");
        HttpResponse<String> onB = get(b, "/auth/t/acme/oauth2/jwks");
        assertEquals(200, onA.statusCode());
        assertEquals(onA.body(), onB.body());
        assertEquals(onA.headers().firstValue("ETag"), onB.headers().firstValue("ETag"));
        assertEquals(get(a, "/auth/t/acme/.well-known/openid-configuration").body(),
                get(b, "/auth/t/acme/.well-known/openid-configuration").body());
        assertEquals(200, call(b, token(a)), "signed on A, validated on B");
        assertEquals(200, call(a, token(b)), "signed on B, validated on A");
        assertEquals(200, call(a, token(a)));
    }

    @Test
    void sixteenConcurrentFirstRequestsForANewTenantSplitOverBothNodesCreateOneKey() throws Exception {
        String tenant = "newco-" + HexFormat.of().formatHex(RANDOM.generateSeed(3));
        List<CompletableFuture<HttpResponse<String>>> responses = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            TestServer node = i % 2 == 0 ? a : b;
            responses.add(TestServer.CLIENT.sendAsync(node.request("/auth/t/" + tenant + "/oauth2/jwks").build(),
                    HttpResponse.BodyHandlers.ofString()));
        }
        String first = null;
        for (CompletableFuture<HttpResponse<String>> f : responses) {
            HttpResponse<String> r = f.get();
            assertEquals(200, r.statusCode(), r.body());
            assertEquals(1, kids(r.body()).size());
            first = first == null ? r.body() : first;
            assertEquals(first, r.body(), "every node publishes the one key");
        }
        assertEquals(1, keyRows(tenant));
        assertEquals(get(a, "/auth/t/" + tenant + "/oauth2/jwks").body(), get(b, "/auth/t/" + tenant + "/oauth2/jwks").body());
    }

    @Test
    void aRotationTriggeredOnAIsPublishedByBWithinThePollInterval() throws Exception {
        get(b, "/auth/t/acme/oauth2/jwks");
        HttpResponse<String> rotated = TestServer.send(a.request("/auth/rotate?tenant=acme")
                .POST(HttpRequest.BodyPublishers.noBody()));
        assertEquals(200, rotated.statusCode(), rotated.body());
        String kid = rotated.body();
        assertTrue(kids(get(a, "/auth/t/acme/oauth2/jwks").body()).contains(kid), "A publishes it at once");
        Duration took = awaitTrue(Duration.ofMillis(POLL_MILLIS).plusSeconds(5),
                () -> kids(get(b, "/auth/t/acme/oauth2/jwks").body()).contains(kid), "B publishes A's new key");
        assertTrue(took.toMillis() <= POLL_MILLIS + 1500, "B published it after " + took.toMillis() + " ms");
        assertEquals(get(a, "/auth/t/acme/oauth2/jwks").body(), get(b, "/auth/t/acme/oauth2/jwks").body());
        // still pending: both keep signing with the active key, accepted everywhere
        assertEquals(200, call(b, token(a)));
        assertEquals(200, call(a, token(b)));
    }

    @Test
    void aDatabaseOutageLosesNoRequestTheCachedKeysCanServeAndCreatesNoKey() throws Exception {
        awaitTrue(Duration.ofSeconds(5), () -> get(a, "/auth/t/acme/oauth2/jwks").body()
                .equals(get(b, "/auth/t/acme/oauth2/jwks").body()), "both nodes agree before the outage");
        String jwks = get(a, "/auth/t/acme/oauth2/jwks").body();
        long rowsBefore = keyRows(null);
        String unseen = "unseen-" + HexFormat.of().formatHex(RANDOM.generateSeed(3));
        proxy.cut();
        try {
            long end = System.nanoTime() + Duration.ofMillis(POLL_MILLIS * 4).toNanos(); // several failed polls
            do {
                for (TestServer node : List.of(a, b)) {
                    HttpResponse<String> r = get(node, "/auth/t/acme/oauth2/jwks");
                    assertEquals(200, r.statusCode(), r.body());
                    assertEquals(jwks, r.body());
                }
                assertEquals(200, call(b, token(a)));
                assertEquals(200, call(a, token(b)));
            } while (System.nanoTime() < end);
            HttpResponse<String> never = get(b, "/auth/t/" + unseen + "/oauth2/jwks");
            assertEquals(503, never.statusCode(), "a tenant this node never read cannot be served nor created");
            assertNotNull(never.headers().firstValue("Retry-After").orElse(null));
            assertTrue(store(a).databaseUnavailableSince().isPresent());
            assertTrue(store(b).databaseUnavailableSince().isPresent());
        } finally {
            proxy.restore();
        }
        assertEquals(rowsBefore, keyRows(null), "no key was created during the outage");
        awaitTrue(Duration.ofSeconds(5), () -> get(b, "/auth/t/" + unseen + "/oauth2/jwks").statusCode() == 200,
                "the node recovers by itself");
        awaitTrue(Duration.ofSeconds(5), () -> {
            get(a, "/auth/t/acme/oauth2/jwks");
            return store(a).databaseUnavailableSince().isEmpty();
        }, "node A reports the database back");
        assertEquals(rowsBefore + 1, keyRows(null), "only the new tenant's key");
        assertEquals(get(a, "/auth/t/" + unseen + "/oauth2/jwks").body(), get(b, "/auth/t/" + unseen + "/oauth2/jwks").body());
    }
}
