package org.jwtgate.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The sample switched to the JDBC store ({@link JdbcDatabases#sample}) does not deploy on a real server
 * when the store cannot start: its tables are missing, or its keys are encrypted under another
 * key-encryption key than the one configured. The server is started once for the class with one such
 * application per case (each with its own table prefix; the two cases on different databases, see
 * {@link #missingTablesDb()}), the JDBC drivers and the pools where README tells operators to put them;
 * each application is then not deployed ({@code /health} and its JWKS answer 404, with no stack trace),
 * and jwtgate logged one line naming the parameter. A database that does not answer skips its case
 * with one line.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class JdbcFailedDeploymentContract {
    static final String MISSING_TABLES = "jwtgate: parameter 'jdbc-create-schema': the tables ";
    static final String WRONG_KEK = "jwtgate: parameter 'key-encryption-keys': ";
    static final String NOT_STARTED = "the JWKS servlet 'jwks' is not started and the application will not deploy";

    /** One application: a failure on one database. */
    record Case(JdbcDatabases.Db db, boolean missingTables, String prefix, String storedJwks, Container.Webapp webapp) {
        String expected() {
            return missingTables ? MISSING_TABLES : WRONG_KEK;
        }
    }

    private final Map<JdbcDatabases.Db, String> unreachable = new EnumMap<>(JdbcDatabases.Db.class);
    private final List<Case> cases = new ArrayList<>();
    /** The key-encryption key the servers get; the stored keys of the wrong-KEK cases are under another. */
    private final String kek = JdbcDatabases.kek();
    private final String earlierKek = JdbcDatabases.kek();
    private Container container;
    private String output;

    /** README's {@code META-INF/context.xml} for Tomcat, with its example database. */
    static final String TOMCAT_CONTEXT_BLOCK = "tomcat-jdbc-context";

    abstract Container.Kind kind();

    private boolean tomcat() {
        return kind() == Container.Kind.TOMCAT_11_DIST || kind() == Container.Kind.TOMCAT_10_1_DIST;
    }

    /** README's {@code WEB-INF/glassfish-resources.xml} for Payara, with its example database. */
    static final String PAYARA_RESOURCES_BLOCK = "payara-jdbc-resources";

    /** The JNDI name the JWKS servlet reads (where the server binds the pool). */
    String jndiName() {
        return tomcat() ? "java:comp/env/jdbc/jwtgate" : "java:app/jdbc/jwtgate";
    }

    /** README's application-scoped pool for Payara, with the test's database in place of its example. */
    private static Map<String, String> payaraPool(JdbcDatabases.Db db) {
        String block = Readme.block(PAYARA_RESOURCES_BLOCK);
        Map<String, String> r = new LinkedHashMap<>();
        if (db == JdbcDatabases.Db.POSTGRESQL) {
            r.put("\"serverName\" value=\"db.internal\"", "\"serverName\" value=\"" + db.host + "\"");
            r.put("\"databaseName\" value=\"orders\"", "\"databaseName\" value=\"test\"");
            r.put("\"user\" value=\"jwtgate\"", "\"user\" value=\"" + db.user + "\"");
            r.put("\"password\" value=\"${ALIAS=jwtgate-db-password}\"", "\"password\" value=\"\"");
        } else {
            // README's MariaDB variant, given below the block: its data source with the one property url
            List<String> properties = block.lines().filter(l -> l.trim().startsWith("<property ")).toList();
            String indent = properties.get(0).substring(0, properties.get(0).indexOf('<'));
            r.put("datasource-classname=\"org.postgresql.ds.PGSimpleDataSource\"",
                    "datasource-classname=\"org.mariadb.jdbc.MariaDbDataSource\"");
            r.put(String.join("\n", properties), indent + "<property name=\"url\" value=\"jdbc:mariadb://" + db.host + ":"
                    + db.port + "/test?user=" + db.user + "\"/>");
        }
        return Map.of("WEB-INF/glassfish-resources.xml", Readme.block(PAYARA_RESOURCES_BLOCK, r));
    }

    /**
     * The entries that declare the pool in the WAR, for {@code db}: README's {@code META-INF/context.xml}
     * on Tomcat, its {@code WEB-INF/glassfish-resources.xml} on Payara, with the test's database in place
     * of its example.
     */
    Map<String, String> poolEntries(JdbcDatabases.Db db) {
        if (!tomcat()) {
            return payaraPool(db);
        }
        Map<String, String> r = new LinkedHashMap<>();
        r.put("username=\"jwtgate\"", "username=\"" + db.user + "\"");
        r.put("password=\"${jwtgate.db.password}\"", "password=\"\"");
        if (db == JdbcDatabases.Db.POSTGRESQL) {
            r.put("//db.internal:5432/orders?", "//" + db.host + ":" + db.port + "/test?");
        } else {
            // README's MariaDB variant, given below the block
            r.put("driverClassName=\"org.postgresql.Driver\"", "driverClassName=\"" + db.driverClass + "\"");
            r.put("jdbc:postgresql://db.internal:5432/orders?connectTimeout=5&amp;socketTimeout=30",
                    "jdbc:mariadb://" + db.host + ":" + db.port + "/test?connectTimeout=5000&amp;socketTimeout=30000");
        }
        return Map.of("META-INF/context.xml", Readme.block(TOMCAT_CONTEXT_BLOCK, r));
    }

    /**
     * Starts the server once with every one of {@code webapps} (each must fail), the JDBC drivers where
     * README puts them (Tomcat: {@code $CATALINA_BASE/lib}; Payara: {@code asadmin add-library}), and {@code env}; returns when every
     * deployment has been tried (Tomcat: its "Server startup in" line, which follows the deployments).
     */
    Container startAll(List<Container.Webapp> webapps, Map<String, String> env) throws Exception {
        if (kind() == Container.Kind.PAYARA_SERVER_6) {
            // asadmin deploy returns once the deployment is done or refused
            return PayaraServer.shared().startTrying(webapps, JdbcDatabases.drivers(), env);
        }
        if (!tomcat()) {
            throw new UnsupportedOperationException(kind().toString());
        }
        Container c = TomcatDistribution.of(kind()).start(webapps, JdbcDatabases.drivers(), env, null, false);
        try {
            long deadline = System.nanoTime() + Duration.ofSeconds(180).toNanos();
            while (!c.output().contains("org.apache.catalina.startup.Catalina.start Server startup in")) {
                if (!c.isAlive() || System.nanoTime() > deadline) {
                    throw new IllegalStateException(kind() + " did not finish starting:\n" + c.tail());
                }
                Thread.sleep(250); // polling a starting server
            }
        } catch (Exception e) {
            c.close();
            throw e;
        }
        return c;
    }

    /**
     * The database of the missing-tables case; the wrong-KEK case runs on the other one. Each server
     * thus covers both failures and both databases with two deployments (each costs seconds).
     */
    JdbcDatabases.Db missingTablesDb() {
        return JdbcDatabases.Db.POSTGRESQL;
    }

    private JdbcDatabases.Db dbOf(boolean missingTables) {
        JdbcDatabases.Db tables = missingTablesDb();
        return missingTables ? tables
                : tables == JdbcDatabases.Db.POSTGRESQL ? JdbcDatabases.Db.MARIADB : JdbcDatabases.Db.POSTGRESQL;
    }

    @BeforeAll
    void deployAll() throws Exception {
        for (JdbcDatabases.Db db : JdbcDatabases.Db.values()) {
            db.unreachable().ifPresent(why -> {
                unreachable.put(db, why);
                System.err.println("[WARNING] " + why + ": its JDBC failing-deployment test on " + kind() + " is skipped");
            });
        }
        for (boolean missingTables : new boolean[] {true, false}) {
            JdbcDatabases.Db db = dbOf(missingTables);
            if (!unreachable.containsKey(db)) {
                String prefix = JdbcDatabases.freshPrefix();
                String stored = missingTables ? "" : db.writeKeys(prefix, earlierKek);
                String name = "jdbc-" + db.scheme + (missingTables ? "-tables" : "-kek");
                cases.add(new Case(db, missingTables, prefix, stored,
                        JdbcDatabases.sample(name, jndiName(), prefix, poolEntries(db))));
            }
        }
        if (cases.isEmpty()) {
            return;
        }
        Map<String, String> env = new LinkedHashMap<>();
        env.put("JWTGATE_KEK", kek);
        long t0 = System.nanoTime();
        container = startAll(cases.stream().map(Case::webapp).toList(), env);
        output = container.output();
        System.out.println(kind() + ": " + cases.size() + " JDBC applications tried in "
                + (System.nanoTime() - t0) / 1_000_000 + " ms");
    }

    @AfterAll
    void stopAndDrop() throws Exception {
        try {
            if (container != null) {
                container.close();
            }
        } finally {
            for (Case c : cases) {
                c.db().dropTables(c.prefix());
            }
        }
    }

    @Test
    void missingTablesStopTheDeployment() throws Exception {
        assertNotDeployed(true);
    }

    @Test
    void aWrongKeyEncryptionKeyStopsTheDeployment() throws Exception {
        assertNotDeployed(false);
    }

    private void assertNotDeployed(boolean missingTables) throws Exception {
        JdbcDatabases.Db db = dbOf(missingTables);
        assumeTrue(!unreachable.containsKey(db), () -> unreachable.get(db));
        Case c = cases.stream().filter(x -> x.db() == db && x.missingTables() == missingTables).findFirst().orElseThrow();
        String context = c.webapp().context();
        for (String path : List.of("/health", "/t/acme/oauth2/jwks")) {
            HttpResponse<String> r = get(context + path);
            assertNotEquals(200, r.statusCode(), context + path + " must not answer: the application is not deployed");
            assertEquals(404, r.statusCode(), context + path);
            assertFalse(r.body().contains("Exception") || r.body().contains("\tat ") || r.body().contains("jwtgate"),
                    "no stack trace or message to the client:\n" + r.body());
        }
        // the application's line: it names its own tables, or one of its own stored keys
        List<String> lines = FailedDeploymentContract.jwtgateLines(output, c.expected()).stream()
                .filter(l -> c.missingTables() ? l.contains(c.prefix()) : namesStoredKey(l, c))
                .toList();
        assertEquals(1, lines.size(), "one jwtgate line naming the parameter for " + context + ":\n" + String.join("\n", lines)
                + "\n--- all jwtgate lines:\n" + String.join("\n", output.lines().filter(l -> l.contains("jwtgate: ")).toList()));
        assertTrue(lines.get(0).contains(NOT_STARTED), lines.get(0));
        String secret = kek.substring(kek.indexOf(':') + 1);
        String earlierSecret = earlierKek.substring(earlierKek.indexOf(':') + 1);
        assertFalse(output.contains(secret) || output.contains(earlierSecret), "a key-encryption key is never logged");
    }

    /** Whether a wrong-KEK line names a key stored for {@code c} ("does not decrypt stored key KID of tenant …"). */
    private static boolean namesStoredKey(String line, Case c) {
        Matcher m = STORED_KID.matcher(line);
        return m.find() && c.storedJwks().contains(m.group(1));
    }

    private static final Pattern STORED_KID = Pattern.compile("stored key (\\S+) of tenant");

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        URI uri = container.base().resolve(path);
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build()
                .send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
