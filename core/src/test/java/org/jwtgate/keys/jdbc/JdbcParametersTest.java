package org.jwtgate.keys.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.jwtgate.config.ConfigException;
import org.jwtgate.config.Placeholders;
import org.jwtgate.keys.PublisherConfig;
import org.jwtgate.keys.PublisherParameters;
import org.junit.jupiter.api.Test;

/** {@code store=jdbc} through the publisher's parameter table. */
class JdbcParametersTest {
    private static final String KEK = "k1:" + Base64.getEncoder().encodeToString(new byte[32]);
    private static final Placeholders ENV = new Placeholders(n -> switch (n) {
        case "JWTGATE_KEK" -> KEK;
        case "DB_PASSWORD" -> "db-s3cret";
        default -> null;
    }, n -> null);

    private static Map<String, String> minimal() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("store", "jdbc");
        m.put("jdbc-jndi-name", "java:comp/env/jdbc/jwtgate");
        m.put("key-encryption-keys", "${env:JWTGATE_KEK}");
        m.put("issuer", "https://auth.example.com/t/{tenant}");
        return m;
    }

    private static PublisherConfig parse(Map<String, String> m) {
        return PublisherParameters.parse(m, ENV).build();
    }

    private static ConfigException failure(Map<String, String> m) {
        return assertThrows(ConfigException.class, () -> parse(m));
    }

    @Test
    void defaultsAreSecure() {
        PublisherConfig c = parse(minimal());
        assertEquals(PublisherConfig.Store.JDBC, c.store());
        assertEquals(Optional.of("java:comp/env/jdbc/jwtgate"), c.jdbcJndiName());
        assertEquals("jwtgate_", c.jdbcTablePrefix());
        assertFalse(c.jdbcCreateSchema(), "tables are created by a DBA unless allowed");
        assertEquals(Duration.ofSeconds(10), c.jdbcPollInterval());
        assertEquals(Optional.of(KEK), c.keyEncryptionKeys());
        assertFalse(c.toString().contains(KEK.substring(3)));
    }

    @Test
    void aJdbcUrlWithUserAndPasswordInsteadOfJndi() {
        Map<String, String> m = minimal();
        m.remove("jdbc-jndi-name");
        m.put("jdbc-url", "jdbc:postgresql://db.internal:5432/keys?password=${env:DB_PASSWORD}");
        m.put("jdbc-user", "jwtgate");
        m.put("jdbc-password", "${env:DB_PASSWORD}");
        m.put("jdbc-table-prefix", "auth_");
        m.put("jdbc-create-schema", "true");
        m.put("jdbc-poll-interval", "500ms");
        PublisherConfig c = parse(m);
        assertEquals(Optional.of("db-s3cret"), c.jdbcPassword());
        assertEquals("auth_", c.jdbcTablePrefix());
        assertTrue(c.jdbcCreateSchema());
        assertEquals(Duration.ofMillis(500), c.jdbcPollInterval());
        assertFalse(c.toString().contains("db-s3cret"), c.toString());
        m.put("jdbc-url", "jdbc:mariadb://jwtgate:db-s3cret@db.internal/keys");
        assertFalse(parse(m).toString().contains("db-s3cret"), parse(m).toString());
    }

    @Test
    void badValuesNameTheParameterAndHideSecrets() {
        Map<String, String> m = minimal();
        m.remove("jdbc-jndi-name");
        assertEquals(PublisherParameters.JDBC_JNDI_NAME, failure(m).parameter());
        m = minimal();
        m.put("jdbc-url", "jdbc:mariadb://localhost/test");
        assertEquals(PublisherParameters.JDBC_URL, failure(m).parameter());
        m = minimal();
        m.remove("key-encryption-keys");
        assertEquals(PublisherParameters.KEY_ENCRYPTION_KEYS, failure(m).parameter());
        m = minimal();
        String shortKey = Base64.getEncoder().encodeToString(new byte[16]);
        m.put("key-encryption-keys", "k1:" + shortKey);
        ConfigException bad = failure(m);
        assertEquals(PublisherParameters.KEY_ENCRYPTION_KEYS, bad.parameter());
        assertFalse(bad.getMessage().contains(shortKey), bad.getMessage());
        m = minimal();
        m.put("jdbc-table-prefix", "Drop Table;");
        assertEquals(PublisherParameters.JDBC_TABLE_PREFIX, failure(m).parameter());
        m = minimal();
        m.put("jdbc-create-schema", "yes");
        assertEquals(PublisherParameters.JDBC_CREATE_SCHEMA, failure(m).parameter());
        m = minimal();
        m.put("jdbc-poll-interval", "2h");
        assertEquals(PublisherParameters.JDBC_POLL_INTERVAL, failure(m).parameter());
        m = minimal();
        m.put("max-age", "1h");
        m.put("prepublish-lead", "2h");
        m.put("jdbc-poll-interval", "1m");
        ConfigException lead = failure(m);
        assertEquals(PublisherParameters.PREPUBLISH_LEAD, lead.parameter());
        assertTrue(lead.getMessage().contains("jdbc-poll-interval"), lead.getMessage());
        m = minimal();
        m.put("jdbc-nonsense", "1");
        assertEquals("jdbc-nonsense", failure(m).parameter());
    }

    @Test
    void theShippedDdlSplitsIntoStatementsWithThePrefixApplied() {
        for (Dialect d : Dialect.values()) {
            var statements = JdbcKeyStore.ddl(d, "acme_");
            assertEquals(4, statements.size(), d.name());
            assertTrue(statements.stream().noneMatch(s -> s.contains("jwtgate_") || s.contains("--")), d.name());
            assertTrue(statements.get(2).startsWith("CREATE TABLE IF NOT EXISTS acme_key"), statements.get(2));
        }
        assertEquals(Optional.of(Dialect.MARIADB), Dialect.of("MariaDB"));
        assertEquals(Optional.of(Dialect.POSTGRESQL), Dialect.of("PostgreSQL"));
        assertEquals(Optional.empty(), Dialect.of("Oracle"));
    }
}
