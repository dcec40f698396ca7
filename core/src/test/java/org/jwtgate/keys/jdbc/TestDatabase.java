package org.jwtgate.keys.jdbc;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * The shared test databases: PostgreSQL (127.0.0.1:5432, trust auth, user postgres) and MariaDB
 * (127.0.0.1:3306, user root, empty password), database {@code test} on both;
 * {@code -Djwtgate.test.postgresql=host:port} and {@code -Djwtgate.test.mariadb=host:port} move them. Each test class uses
 * its own table prefix and drops its tables, so concurrent runs and reruns never collide.
 */
enum TestDatabase {
    POSTGRESQL("PostgreSQL", "postgresql", 5432, "jdbc:postgresql://%s:%d/test", "postgres", "", "connectTimeout=1"),
    MARIADB("MariaDB", "mariadb", 3306, "jdbc:mariadb://%s:%d/test", "root", "", "connectTimeout=1000");

    final String product;
    final String host;
    final int port;
    final String user;
    final String password;
    private final String urlFormat;
    private final String probeOption;
    private Optional<String> unreachable;

    /** Host and port are 127.0.0.1 and the default port unless {@code -Djwtgate.test.<name>=host:port} says otherwise. */
    TestDatabase(String product, String name, int port, String urlFormat, String user, String password, String probeOption) {
        String at = System.getProperty("jwtgate.test." + name, "127.0.0.1:" + port);
        this.product = product;
        this.host = at.substring(0, at.lastIndexOf(':'));
        this.port = Integer.parseInt(at.substring(at.lastIndexOf(':') + 1));
        this.urlFormat = urlFormat;
        this.user = user;
        this.password = password;
        this.probeOption = probeOption;
    }

    /** The JDBC URL of the database at {@code host:port} (the real one, or a proxy in front of it). */
    String url(String host, int port) {
        return String.format(urlFormat, host, port);
    }

    String url() {
        return url(host, port);
    }

    DataSource dataSource(String url) {
        return DataSources.url(url, Optional.of(user), Optional.of(password));
    }

    DataSource dataSource() {
        return dataSource(url());
    }

    /** Why the database cannot be used (one line), or empty when it answers within a second. */
    synchronized Optional<String> unreachable() {
        if (unreachable == null) {
            unreachable = probe();
        }
        return unreachable;
    }

    private Optional<String> probe() {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(host, port), 1000);
        } catch (Exception e) {
            return Optional.of(product + " not reachable at " + host + ":" + port + " (database test): JDBC store tests skipped");
        }
        try (Connection c = dataSource(url() + "?" + probeOption).getConnection(); Statement s = c.createStatement()) {
            s.setQueryTimeout(2);
            s.execute("SELECT 1");
            return Optional.empty();
        } catch (SQLException e) {
            return Optional.of(product + " at " + host + ":" + port + " refuses user " + user + " on database test ("
                    + e.getSQLState() + "): JDBC store tests skipped");
        }
    }

    /** A table prefix no other run uses. */
    static String uniquePrefix() {
        return "jwtgate_t" + UUID.randomUUID().toString().replace("-", "").substring(0, 10) + "_";
    }

    void dropTables(String prefix) {
        try (Connection c = dataSource().getConnection(); Statement s = c.createStatement()) {
            for (String table : new String[] {"key", "tenant", "schema_version"}) {
                s.execute("DROP TABLE IF EXISTS " + prefix + table);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot drop the test tables " + prefix + "*", e);
        }
    }

    long count(String sql, Object... args) {
        try (Connection c = dataSource().getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                s.setObject(i + 1, args[i]);
            }
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    int update(String sql, Object... args) {
        try (Connection c = dataSource().getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                s.setObject(i + 1, args[i]);
            }
            return s.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** How many statements locking a row of {@code prefix}'s tenant table run right now (they wait for another's lock). */
    long lockWaits(String prefix) {
        String pattern = "%" + prefix + "tenant%FOR UPDATE%";
        return switch (this) {
            case POSTGRESQL -> count("SELECT COUNT(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE ?",
                    pattern);
            // information_schema.innodb_lock_waits misses waits that start in the optimizer's "Statistics" phase
            case MARIADB -> count("SELECT COUNT(*) FROM information_schema.processlist WHERE command = 'Query' "
                    + "AND info LIKE ? AND info NOT LIKE '%processlist%'", pattern);
        };
    }
}
