package org.jwtgate.keys.jdbc;

import java.util.Locale;
import java.util.Optional;

/**
 * The databases the JDBC store supports. Only the DDL differs (binary column type, storage engine
 * and collation, idempotent insert); every statement the store runs at run time is the same
 * standard SQL on both.
 */
enum Dialect {
    POSTGRESQL("PostgreSQL", "schema-postgresql.sql"),
    MARIADB("MariaDB", "schema-mariadb.sql");

    final String product;
    final String ddl;

    Dialect(String product, String ddl) {
        this.product = product;
        this.ddl = ddl;
    }

    /** The dialect of a JDBC {@code DatabaseMetaData.getDatabaseProductName()}. */
    static Optional<Dialect> of(String productName) {
        String p = productName == null ? "" : productName.toLowerCase(Locale.ROOT);
        if (p.contains("postgresql")) {
            return Optional.of(POSTGRESQL);
        }
        if (p.contains("mariadb") || p.contains("mysql")) {
            return Optional.of(MARIADB);
        }
        return Optional.empty();
    }

    /** The class-path resource of the DDL, relative to this package. */
    String resource() {
        return "/org/jwtgate/keys/jdbc/" + ddl;
    }
}
