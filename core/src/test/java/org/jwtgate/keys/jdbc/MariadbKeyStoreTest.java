package org.jwtgate.keys.jdbc;

/** The JDBC store's contract on MariaDB at 127.0.0.1 (database test); skipped with one line when it is absent. */
@RequiresDatabase(TestDatabase.MARIADB)
class MariadbKeyStoreTest extends JdbcKeyStoreContract {
    @Override
    TestDatabase db() {
        return TestDatabase.MARIADB;
    }
}
