package org.jwtgate.keys.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.jwtgate.keys.KeyType;
import org.jwtgate.tenant.TenantId;
import org.junit.jupiter.api.Test;

/**
 * The README's way to run the JDBC store with a user that may only read and write rows: a DBA runs
 * the shipped DDL, then the README's GRANT statements (read from docs/several-nodes.md, so the document cannot
 * drift); a user with those grants alone creates a tenant, rotates and reads keys, and cannot
 * create tables.
 */
abstract class DmlOnlyUserContract {
    abstract TestDatabase db();

    abstract Dialect dialect();

    /** The README's section of the GRANT block for this database ({@code PostgreSQL} or {@code MariaDB}). */
    abstract String readmeSection();

    abstract String createUser(String user, String password);

    abstract String dropUser(String user);

    /** The README's GRANT statements for this database, for {@code user} on tables with {@code prefix}. */
    List<String> readmeGrants(String prefix, String user) throws IOException {
        List<String> grants = new ArrayList<>();
        boolean inBlock = false;
        String section = null;
        for (String line : Files.readAllLines(Path.of("..", "docs", "several-nodes.md"))) {
            if (line.equals("```sql")) {
                inBlock = true;
            } else if (line.equals("```")) {
                inBlock = false;
            } else if (inBlock && line.startsWith("-- ")) {
                section = line.substring(3).split(" ")[0];
            } else if (inBlock && line.startsWith("GRANT ") && readmeSection().equals(section)) {
                grants.add(line.replace(";", "").replace("jwtgate_", prefix).replace("orders_app", user)
                        .replace("orders.", "test."));
            }
        }
        return grants;
    }

    private static void execute(DataSource ds, List<String> statements) throws SQLException {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
        }
    }

    @Test
    void aUserWithTheReadmesGrantsRunsTheStore() throws Exception {
        String prefix = TestDatabase.uniquePrefix();
        String user = "jwtgate_dml_" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
        String password = "p" + UUID.randomUUID().toString().replace("-", "");
        DataSource admin = db().dataSource();
        List<String> grants = readmeGrants(prefix, user);
        for (String table : List.of("schema_version", "tenant", "key")) {
            assertTrue(String.join("\n", grants).matches("(?s).*\\b" + prefix + table + "\\b.*"),
                    "the README grants on " + prefix + table + ": " + grants);
        }
        execute(admin, List.of(createUser(user, password)));
        try {
            execute(admin, JdbcKeyStore.ddl(dialect(), prefix));
            execute(admin, grants);
            DataSource app = DataSources.url(db().url(), Optional.of(user), Optional.of(password));
            TenantId acme = TenantId.of("acme");
            try (JdbcKeyStore store = JdbcKeyStore.builder(app).keyEncryption(KeyEncryption.of(Map.of("k1",
                    JdbcKeyStoreContract.randomKey()))).keyType(KeyType.EC_P256).tablePrefix(prefix).open()) {
                assertTrue(store.ensureTenant(acme));
                store.rotate(acme);
                assertEquals(2, store.keys(acme).orElseThrow().size());
            }
            SQLException refused = assertThrows(SQLException.class,
                    () -> execute(app, List.of("CREATE TABLE " + prefix + "extra (id INT)")));
            assertFalse(refused.getMessage() == null, "the user may not create tables");
        } finally {
            db().dropTables(prefix);
            execute(admin, List.of(dropUser(user)));
        }
    }
}
