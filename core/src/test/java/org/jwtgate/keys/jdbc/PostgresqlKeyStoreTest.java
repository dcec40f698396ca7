package org.jwtgate.keys.jdbc;

/** The JDBC store's contract on PostgreSQL at 127.0.0.1 (database test); skipped with one line when it is absent. */
@RequiresDatabase(TestDatabase.POSTGRESQL)
class PostgresqlKeyStoreTest extends JdbcKeyStoreContract {
    @Override
    TestDatabase db() {
        return TestDatabase.POSTGRESQL;
    }
}
