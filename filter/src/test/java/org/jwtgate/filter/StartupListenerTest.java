package org.jwtgate.filter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.eclipse.jetty.ee10.webapp.WebAppContext;
import org.eclipse.jetty.server.Server;
import org.jwtgate.keys.JwksPublisher;
import org.jwtgate.keys.PublisherConfig;
import org.jwtgate.keys.TenantKeyStore;
import org.jwtgate.tenant.TenantId;
import org.jwtgate.testing.LocalIssuer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link JwtGateListener} declared in web.xml (as where container initializers are off): a JWKS
 * servlet over a database without jwtgate's tables, or with keys under another KEK, fails the
 * deployment from the listener, naming the parameter; shared context-params are checked unless a
 * filter's init-param overrides them. PostgreSQL at 127.0.0.1:5432 (skipped with one line when absent).
 */
@ExtendWith(PostgresqlReachable.class)
class StartupListenerTest {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static LocalIssuer issuer;

    @TempDir
    Path dir;

    @BeforeAll
    static void startIssuer() {
        issuer = LocalIssuer.start();
    }

    @AfterAll
    static void stopIssuer() {
        issuer.close();
    }

    private static String kek() {
        byte[] k = new byte[32];
        RANDOM.nextBytes(k);
        return "k1:" + Base64.getEncoder().encodeToString(k);
    }

    private static Map<String, String> jdbc(String prefix, String kek) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("store", "jdbc");
        p.put("jdbc-url", PostgresqlReachable.url(PostgresqlReachable.HOST, PostgresqlReachable.PORT));
        p.put("jdbc-user", PostgresqlReachable.USER);
        p.put("jdbc-table-prefix", prefix);
        p.put("key-encryption-keys", kek);
        p.put("issuer", "https://auth.example.com/t/{tenant}");
        p.put("tenants", "acme");
        return p;
    }

    /** Deploys on a server without connectors; the startup failure with its causes, or null. */
    private String deploy(WebXml webXml) throws Exception {
        Server server = new Server();
        WebAppContext context = TestServer.webApp("/", webXml.writeTo(dir.resolve(UUID.randomUUID().toString())));
        server.setHandler(context);
        try {
            server.start();
            if (context.isAvailable()) {
                return null;
            }
            StringBuilder out = new StringBuilder();
            for (Throwable t = context.getUnavailableException(); t != null; t = t.getCause()) {
                out.append(t).append('\n');
                for (StackTraceElement e : t.getStackTrace()) {
                    out.append("  at ").append(e).append('\n');
                }
            }
            return out.toString();
        } finally {
            server.stop();
        }
    }

    private static void dropTables(String prefix) throws Exception {
        try (Connection c = DriverManager.getConnection(PostgresqlReachable.url(PostgresqlReachable.HOST,
                PostgresqlReachable.PORT), PostgresqlReachable.USER, ""); Statement s = c.createStatement()) {
            for (String t : new String[] {"key", "tenant", "schema_version"}) {
                s.execute("DROP TABLE IF EXISTS " + prefix + t);
            }
        }
    }

    @Test
    void missingTablesFailTheDeploymentFromTheListener() throws Exception {
        String prefix = "jwtgate_l" + UUID.randomUUID().toString().replace("-", "").substring(0, 8) + "_";
        String failure = deploy(new WebXml().listener(JwtGateListener.class.getName())
                .servlet("jwks", JwksServlet.class.getName(), jdbc(prefix, kek()), "/t/*"));
        assertNotNull(failure, "the deployment must fail");
        assertTrue(failure.contains("parameter 'jdbc-create-schema'"), failure);
        assertTrue(failure.contains("the JWKS servlet 'jwks' is not started and the application will not deploy"), failure);
        assertTrue(failure.contains("JwtGateListener.contextInitialized"), "thrown by the listener:\n" + failure);
    }

    @Test
    void keysUnderAnotherKekFailTheDeploymentFromTheListener() throws Exception {
        String prefix = "jwtgate_l" + UUID.randomUUID().toString().replace("-", "").substring(0, 8) + "_";
        try {
            Map<String, String> earlier = jdbc(prefix, kek());
            earlier.put("jdbc-create-schema", "true");
            try (JwksPublisher p = JwksPublisher.create(org.jwtgate.keys.PublisherParameters.parse(earlier,
                    org.jwtgate.config.Placeholders.system()).build())) {
                TenantKeyStore store = p.store();
                assertTrue(store.keys(TenantId.of("acme")).isPresent(), "acme was created");
            }
            String failure = deploy(new WebXml().listener(JwtGateListener.class.getName())
                    .servlet("jwks", JwksServlet.class.getName(), jdbc(prefix, kek()), "/t/*"));
            assertNotNull(failure, "the deployment must fail");
            assertTrue(failure.contains("parameter 'key-encryption-keys'"), failure);
            assertTrue(failure.contains("JwtGateListener.contextInitialized"), "thrown by the listener:\n" + failure);
        } finally {
            dropTables(prefix);
        }
    }

    @Test
    void sharedContextParamsAreCheckedUnlessEveryFilterOverridesThem() throws Exception {
        Map<String, String> filter = Map.of("issuers", issuer.issuer(), "audiences", "api", "enabled", "true");
        assertNull(deploy(new WebXml().listener(JwtGateListener.class.getName()).filter(filter)
                .servlet("echo", EchoServlet.class, "/*").contextParam("jwtgate.enabled", "ture")));
        String failure = deploy(new WebXml().listener(JwtGateListener.class.getName()).filter(filter)
                .servlet("echo", EchoServlet.class, "/*").contextParam("jwtgate.clock-skew", "banana"));
        assertNotNull(failure);
        assertTrue(failure.contains("parameter 'clock-skew'") && failure.contains("context-param 'jwtgate.clock-skew'"),
                failure);
    }

    @Test
    void whatTheListenerBuildsIsPublishedBeforeAnyServletStarts() throws Exception {
        Map<String, String> jwks = new LinkedHashMap<>();
        jwks.put("key-directory", dir.resolve("keys").toString());
        jwks.put("key-password", "pw");
        jwks.put("issuer", "https://unreachable.example.invalid/t/{tenant}");
        jwks.put("tenants", "acme");
        Server server = new Server();
        // The JWKS servlet starts lazily (no load-on-startup): its publisher is there from the start anyway.
        WebXml xml = new WebXml().listener(JwtGateListener.class.getName());
        String withoutLoadOnStartup = xml.xml().replace("</web-app>", "  <servlet><servlet-name>jwks</servlet-name>"
                + "<servlet-class>" + JwksServlet.class.getName() + "</servlet-class>"
                + jwks.entrySet().stream().map(e -> "<init-param><param-name>" + e.getKey() + "</param-name><param-value>"
                        + e.getValue() + "</param-value></init-param>").reduce("", String::concat)
                + "</servlet>\n  <servlet-mapping><servlet-name>jwks</servlet-name><url-pattern>/t/*</url-pattern>"
                + "</servlet-mapping>\n</web-app>");
        Path base = dir.resolve("app");
        java.nio.file.Files.createDirectories(base.resolve("WEB-INF"));
        java.nio.file.Files.writeString(base.resolve("WEB-INF/web.xml"), withoutLoadOnStartup);
        WebAppContext context = TestServer.webApp("/", base);
        server.setHandler(context);
        try {
            server.start();
            assertTrue(context.isAvailable());
            Object published = context.getServletContext().getAttribute(JwksServlet.PUBLISHER_ATTRIBUTE);
            assertTrue(published instanceof JwksPublisher, "published by the listener");
            JwksPublisher p = (JwksPublisher) published;
            assertEquals(200, p.get("https://unreachable.example.invalid/t/acme/oauth2/jwks").orElseThrow().status());
            assertEquals(PublisherConfig.Store.MANAGED, p.config().store());
        } finally {
            server.stop();
        }
    }

    @Test
    void declaredTwiceTheListenerBuildsOnceAndTheServletTakesWhatItBuilt() throws Exception {
        Map<String, String> jwks = new LinkedHashMap<>();
        jwks.put("key-directory", dir.resolve("keys-twice").toString());
        jwks.put("key-password", "pw");
        jwks.put("issuer", "https://auth.example.com/t/{tenant}");
        jwks.put("tenants", "acme");
        java.util.List<String> started = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.logging.Logger log = java.util.logging.Logger.getLogger(JwksServlet.class.getName());
        java.util.logging.Handler counter = new java.util.logging.Handler() {
            @Override
            public void publish(java.util.logging.LogRecord r) {
                if (r.getMessage() != null && r.getMessage().contains("JWKS servlet ''{0}'' started")) {
                    started.add(String.valueOf(r.getParameters()[0]));
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        log.addHandler(counter);
        try {
            // Registered by the container initializer and declared in web.xml, as both would be on a real server.
            assertNull(deploy(new WebXml().listener(JwtGateListener.class.getName())
                    .listener(JwtGateListener.class.getName()).servlet("jwks", JwksServlet.class.getName(), jwks, "/t/*")));
        } finally {
            log.removeHandler(counter);
        }
        assertEquals(java.util.List.of("jwks"), started, "one publisher, built by the first listener and taken by the servlet");
    }
}
