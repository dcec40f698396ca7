package org.jwtgate.keys.jdbc;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.ServiceLoader;
import java.util.logging.Logger;
import javax.naming.InitialContext;
import javax.naming.NamingException;
import javax.sql.DataSource;
import org.jwtgate.config.ConfigException;
import org.jwtgate.keys.PublisherConfig;
import org.jwtgate.keys.PublisherParameters;

/**
 * Where the JDBC key store gets its connections: in production the container's pooled
 * {@link DataSource}, looked up in JNDI ({@code jdbc-jndi-name}); for tests and tools a JDBC URL
 * ({@code jdbc-url}), opening one unpooled connection per operation.
 */
public final class DataSources {
    private DataSources() {
    }

    /** The data source a {@code store=jdbc} configuration names. */
    public static DataSource of(PublisherConfig config) {
        if (config.jdbcJndiName().isPresent()) {
            return jndi(config.jdbcJndiName().get());
        }
        return url(config.jdbcUrl().orElseThrow(), config.jdbcUser(), config.jdbcPassword());
    }

    /**
     * The {@link DataSource} bound at {@code name}, e.g. {@code java:comp/env/jdbc/jwtgate}; a name
     * without a {@code java:} scheme is tried as given, then below {@code java:comp/env/}.
     *
     * @throws ConfigException naming {@code jdbc-jndi-name} when nothing, or no DataSource, is bound there
     */
    public static DataSource jndi(String name) {
        Object bound;
        try {
            InitialContext context = new InitialContext();
            try {
                bound = context.lookup(name);
            } catch (NamingException e) {
                if (name.startsWith("java:")) {
                    throw e;
                }
                bound = context.lookup("java:comp/env/" + name);
            }
        } catch (NamingException e) {
            throw new ConfigException(PublisherParameters.JDBC_JNDI_NAME, "'" + name + "' is not bound in JNDI ("
                    + e.getClass().getSimpleName() + "): declare the DataSource in the container (and a resource-ref "
                    + "in web.xml), see \"Running several nodes\" (docs/several-nodes.md)");
        }
        if (!(bound instanceof DataSource ds)) {
            throw new ConfigException(PublisherParameters.JDBC_JNDI_NAME, "'" + name + "' is bound to a "
                    + (bound == null ? "null" : bound.getClass().getName()) + ", not a javax.sql.DataSource");
        }
        return ds;
    }

    /**
     * A data source opening a new connection for each {@link DataSource#getConnection()} through
     * the JDBC driver that accepts {@code url} (found with {@link ServiceLoader}, then
     * {@link DriverManager}). No pool: for tests and tools; production uses the container's pool.
     */
    public static DataSource url(String url, Optional<String> user, Optional<String> password) {
        return new UrlDataSource(Objects.requireNonNull(url, "url"), user.orElse(null), password.orElse(null));
    }

    private static final class UrlDataSource implements DataSource {
        private final String url;
        private final String user;
        private final String password;
        private volatile Driver driver;

        UrlDataSource(String url, String user, String password) {
            this.url = url;
            this.user = user;
            this.password = password;
        }

        @Override
        public Connection getConnection() throws SQLException {
            return getConnection(user, password);
        }

        @Override
        public Connection getConnection(String username, String pw) throws SQLException {
            Properties p = new Properties();
            if (username != null) {
                p.setProperty("user", username);
            }
            if (pw != null) {
                p.setProperty("password", pw);
            }
            Driver d = driver();
            Connection c = d != null ? d.connect(url, p) : DriverManager.getConnection(url, p);
            if (c == null) {
                throw new SQLException("no JDBC driver accepts the configured jdbc-url", "08001");
            }
            return c;
        }

        /** The driver visible to this class's loader (a web application's WEB-INF/lib included), if any. */
        private Driver driver() throws SQLException {
            Driver d = driver;
            if (d == null) {
                ClassLoader[] loaders = {Thread.currentThread().getContextClassLoader(), DataSources.class.getClassLoader()};
                for (ClassLoader loader : loaders) {
                    for (Driver candidate : ServiceLoader.load(Driver.class, loader)) {
                        if (candidate.acceptsURL(url)) {
                            driver = candidate;
                            return candidate;
                        }
                    }
                }
            }
            return d;
        }

        @Override
        public PrintWriter getLogWriter() {
            return null;
        }

        @Override
        public void setLogWriter(PrintWriter out) {
        }

        @Override
        public void setLoginTimeout(int seconds) {
        }

        @Override
        public int getLoginTimeout() {
            return 0;
        }

        @Override
        public Logger getParentLogger() throws SQLFeatureNotSupportedException {
            throw new SQLFeatureNotSupportedException();
        }

        @Override
        public <T> T unwrap(Class<T> type) throws SQLException {
            if (type.isInstance(this)) {
                return type.cast(this);
            }
            throw new SQLException("not a wrapper of " + type.getName());
        }

        @Override
        public boolean isWrapperFor(Class<?> type) {
            return type.isInstance(this);
        }

        @Override
        public String toString() {
            return "DataSource[url]"; // the URL may carry credentials
        }
    }
}
