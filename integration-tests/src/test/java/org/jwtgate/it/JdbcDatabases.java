package org.jwtgate.it;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.jwtgate.config.Placeholders;
import org.jwtgate.keys.JwksPublisher;
import org.jwtgate.keys.PublisherParameters;
import org.jwtgate.tenant.TenantId;

/**
 * The databases of the JDBC store's tests (PostgreSQL at 127.0.0.1:5432, trust auth, and MariaDB at
 * 127.0.0.1:3306, root without password, each with a database {@code test}), and the sample WAR
 * switched to the JDBC store for them: its JWKS servlet reads the container's {@code DataSource}
 * ({@code jdbc-jndi-name}) with its own table prefix, and the key-encryption keys from
 * {@code ${prop-or-env:JWTGATE_KEK}}.
 */
final class JdbcDatabases {
    /** One database server, as the tests reach it. */
    enum Db {
        POSTGRESQL("PostgreSQL", "127.0.0.1", 5432, "postgres", "org.postgresql.Driver", "postgresql"),
        MARIADB("MariaDB", "127.0.0.1", 3306, "root", "org.mariadb.jdbc.Driver", "mariadb");

        final String title;
        final String host;
        final int port;
        final String user;
        final String driverClass;
        final String scheme;

        Db(String title, String host, int port, String user, String driverClass, String scheme) {
            this.title = title;
            this.host = host;
            this.port = port;
            this.user = user;
            this.driverClass = driverClass;
            this.scheme = scheme;
        }

        String url() {
            return "jdbc:" + scheme + "://" + host + ":" + port + "/test";
        }

        /** Why this database cannot be used, or empty when it answers within a second. */
        Optional<String> unreachable() {
            String why = title + " not reachable at " + host + ":" + port + " (database test)";
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(host, port), 1000);
            } catch (Exception e) {
                return Optional.of(why);
            }
            try (Connection c = DriverManager.getConnection(url(), user, ""); Statement st = c.createStatement()) {
                st.execute("SELECT 1");
                return Optional.empty();
            } catch (Exception e) {
                return Optional.of(why + ": " + e.getClass().getSimpleName());
            }
        }

        /** Drops the store's three tables with {@code prefix}, if there. */
        void dropTables(String prefix) throws Exception {
            try (Connection c = DriverManager.getConnection(url(), user, ""); Statement s = c.createStatement()) {
                for (String t : new String[] {"key", "tenant", "schema_version"}) {
                    s.execute("DROP TABLE IF EXISTS " + prefix + t);
                }
            }
        }

        /**
         * Creates the tables with {@code prefix} and the keys of the sample's tenants, encrypted under
         * {@code kek}, as an earlier deployment would have; their JWK Sets (which name the kids).
         */
        String writeKeys(String prefix, String kek) throws Exception {
            Map<String, String> p = new LinkedHashMap<>();
            p.put("store", "jdbc");
            p.put("jdbc-url", url());
            p.put("jdbc-user", user);
            p.put("jdbc-table-prefix", prefix);
            p.put("jdbc-create-schema", "true");
            p.put("key-encryption-keys", kek);
            p.put("issuer", "http://127.0.0.1/t/{tenant}");
            p.put("tenants", "acme globex");
            try (JwksPublisher earlier = JwksPublisher.create(PublisherParameters.parse(p, Placeholders.system()).build())) {
                String acme = earlier.jwks(TenantId.of("acme"))
                        .orElseThrow(() -> new IllegalStateException("no keys written for acme in " + title));
                return acme + earlier.jwks(TenantId.of("globex")).orElse("");
            }
        }
    }

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Pattern KEY_FILE_PARAMS = Pattern.compile(
            "\\s*<init-param>\\s*<param-name>key-directory</param-name>.*?</init-param>"
                    + "\\s*<init-param>\\s*<param-name>key-password</param-name>.*?</init-param>", Pattern.DOTALL);

    private JdbcDatabases() {
    }

    /** A fresh key-encryption key {@code k1:BASE64} (32 random bytes). */
    static String kek() {
        byte[] k = new byte[32];
        RANDOM.nextBytes(k);
        return "k1:" + Base64.getEncoder().encodeToString(k);
    }

    /** A table prefix no other test uses. */
    static String freshPrefix() {
        return "jwtgate_it" + UUID.randomUUID().toString().replace("-", "").substring(0, 10) + "_";
    }

    /**
     * The sample WAR as {@code <name>.war} at {@code /<name>}, its JWKS servlet on the JDBC store of
     * {@code jndiName} with {@code prefix}; {@code extra} maps entry names (such as
     * {@code META-INF/context.xml}) to their content.
     */
    static Container.Webapp sample(String name, String jndiName, String prefix, Map<String, String> extra) throws Exception {
        Path containers = Container.containers();
        Path source = containers.resolve("war").resolve(Container.Webapp.SAMPLE.war());
        Path dir = Files.createTempDirectory(Files.createDirectories(containers.resolve("work")), "jdbc-war-");
        Path war = dir.resolve(name + ".war");
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(source));
                ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(war))) {
            for (ZipEntry e; (e = in.getNextEntry()) != null;) {
                if (extra.containsKey(e.getName())) {
                    continue;
                }
                out.putNextEntry(new ZipEntry(e.getName()));
                if (e.getName().equals("WEB-INF/web.xml")) {
                    String webXml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                    out.write(withJdbcStore(webXml, jndiName, prefix).getBytes(StandardCharsets.UTF_8));
                } else {
                    in.transferTo(out);
                }
                out.closeEntry();
            }
            for (Map.Entry<String, String> e : extra.entrySet()) {
                out.putNextEntry(new ZipEntry(e.getKey()));
                out.write(e.getValue().getBytes(StandardCharsets.UTF_8));
                out.closeEntry();
            }
        }
        return new Container.Webapp(war.toString(), "/" + name, "/health");
    }

    private static String withJdbcStore(String webXml, String jndiName, String prefix) {
        Matcher m = KEY_FILE_PARAMS.matcher(webXml);
        if (!m.find()) {
            throw new IllegalStateException("the sample's web.xml has no key-directory and key-password init-params to replace");
        }
        String params = param("store", "jdbc") + param("jdbc-jndi-name", jndiName) + param("jdbc-table-prefix", prefix)
                + param("key-encryption-keys", "${prop-or-env:JWTGATE_KEK}");
        return m.replaceFirst(Matcher.quoteReplacement(params));
    }

    private static String param(String name, String value) {
        return "\n    <init-param><param-name>" + name + "</param-name><param-value>" + value + "</param-value></init-param>";
    }

    /** The JDBC drivers copied by the build (postgresql-*.jar, mariadb-java-client-*.jar). */
    static List<Path> drivers() throws Exception {
        Path dir = Container.containers().resolve("jdbc-drivers");
        try (Stream<Path> s = Files.list(dir)) {
            List<Path> jars = s.filter(p -> p.toString().endsWith(".jar")).sorted().toList();
            if (jars.size() != 2) {
                throw new IllegalStateException("expected the two JDBC drivers in " + dir + ": " + jars);
            }
            return jars;
        }
    }
}
