package org.jwtgate.keys.jdbc;

/** README's DML-only user on PostgreSQL at 127.0.0.1 (database test); skipped with one line when it is absent. */
@RequiresDatabase(TestDatabase.POSTGRESQL)
class PostgresqlDmlOnlyUserTest extends DmlOnlyUserContract {
    @Override
    TestDatabase db() {
        return TestDatabase.POSTGRESQL;
    }

    @Override
    Dialect dialect() {
        return Dialect.POSTGRESQL;
    }

    @Override
    String readmeSection() {
        return "PostgreSQL";
    }

    @Override
    String createUser(String user, String password) {
        return "CREATE ROLE " + user + " LOGIN PASSWORD '" + password + "'";
    }

    @Override
    String dropUser(String user) {
        return "DROP ROLE IF EXISTS " + user;
    }
}
