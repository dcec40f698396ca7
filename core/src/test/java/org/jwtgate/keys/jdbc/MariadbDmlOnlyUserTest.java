package org.jwtgate.keys.jdbc;

/** README's DML-only user on MariaDB at 127.0.0.1 (database test); skipped with one line when it is absent. */
@RequiresDatabase(TestDatabase.MARIADB)
class MariadbDmlOnlyUserTest extends DmlOnlyUserContract {
    @Override
    TestDatabase db() {
        return TestDatabase.MARIADB;
    }

    @Override
    Dialect dialect() {
        return Dialect.MARIADB;
    }

    @Override
    String readmeSection() {
        return "MariaDB";
    }

    @Override
    String createUser(String user, String password) {
        return "CREATE USER '" + user + "'@'%' IDENTIFIED BY '" + password + "'";
    }

    @Override
    String dropUser(String user) {
        return "DROP USER IF EXISTS '" + user + "'@'%'";
    }
}
