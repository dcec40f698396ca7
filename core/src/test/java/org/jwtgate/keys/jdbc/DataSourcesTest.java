package org.jwtgate.keys.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Hashtable;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import javax.naming.Context;
import javax.naming.InitialContext;
import javax.naming.NameNotFoundException;
import javax.naming.NamingException;
import javax.naming.spi.InitialContextFactory;
import javax.sql.DataSource;
import org.jwtgate.config.ConfigException;
import org.jwtgate.keys.PublisherParameters;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** JNDI lookups through a real {@link InitialContext}, backed by a small in-memory naming provider. */
class DataSourcesTest {
    static final Map<String, Object> BOUND = new ConcurrentHashMap<>();

    /** An in-memory JNDI provider: lookups only. */
    public static final class Provider implements InitialContextFactory {
        @Override
        public Context getInitialContext(Hashtable<?, ?> environment) {
            return (Context) java.lang.reflect.Proxy.newProxyInstance(Context.class.getClassLoader(),
                    new Class<?>[] {Context.class}, (proxy, method, args) -> {
                        if (method.getName().equals("lookup") && args[0] instanceof String name) {
                            Object o = BOUND.get(name);
                            if (o == null) {
                                throw new NameNotFoundException(name);
                            }
                            return o;
                        }
                        if (method.getName().equals("close")) {
                            return null;
                        }
                        throw new NamingException("not supported: " + method.getName());
                    });
        }
    }

    private String previous;

    @BeforeEach
    void install() {
        previous = System.getProperty(Context.INITIAL_CONTEXT_FACTORY);
        System.setProperty(Context.INITIAL_CONTEXT_FACTORY, Provider.class.getName());
    }

    @AfterEach
    void uninstall() {
        BOUND.clear();
        if (previous == null) {
            System.clearProperty(Context.INITIAL_CONTEXT_FACTORY);
        } else {
            System.setProperty(Context.INITIAL_CONTEXT_FACTORY, previous);
        }
    }

    @Test
    void findsTheContainersDataSourceByFullOrComponentRelativeName() {
        DataSource ds = DataSources.url("jdbc:none:x", Optional.empty(), Optional.empty());
        BOUND.put("java:comp/env/jdbc/jwtgate", ds);
        assertSame(ds, DataSources.jndi("java:comp/env/jdbc/jwtgate"));
        assertSame(ds, DataSources.jndi("jdbc/jwtgate"));
    }

    @Test
    void nothingOrSomethingElseBoundStopsDeploymentNamingTheParameter() {
        ConfigException missing = assertThrows(ConfigException.class, () -> DataSources.jndi("java:comp/env/jdbc/none"));
        assertEquals(PublisherParameters.JDBC_JNDI_NAME, missing.parameter());
        assertTrue(missing.getMessage().contains("Running several nodes"), missing.getMessage());
        BOUND.put("java:comp/env/jdbc/text", "not a data source");
        ConfigException wrong = assertThrows(ConfigException.class, () -> DataSources.jndi("jdbc/text"));
        assertTrue(wrong.getMessage().contains("java.lang.String"), wrong.getMessage());
    }

    @Test
    void aUrlWithoutADriverFailsWithAConnectionError() {
        DataSource ds = DataSources.url("jdbc:nosuchdriver://x", Optional.of("u"), Optional.of("p"));
        java.sql.SQLException e = assertThrows(java.sql.SQLException.class, ds::getConnection);
        assertTrue(e.getSQLState() == null || e.getSQLState().startsWith("08"), e.getSQLState());
        assertEquals("DataSource[url]", ds.toString());
    }
}
