package org.jwtgate.keys.jdbc;

import java.io.PrintWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLTransientConnectionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * The real {@link DataSource} seen through a counter: how many connections the store asked for and
 * how many statements it prepared on them. {@link #stall()} turns it into a pool whose database is
 * gone: every {@code getConnection} waits until the test releases it, as a pool waits for its
 * timeout, then fails.
 */
final class CountingDataSource implements DataSource {
    private final DataSource target;
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicInteger statements = new AtomicInteger();
    private final AtomicInteger waiting = new AtomicInteger();
    private volatile CountDownLatch stall;

    CountingDataSource(DataSource target) {
        this.target = target;
    }

    /** Connections asked for since the last {@link #reset()}. */
    int connections() {
        return connections.get();
    }

    /** Statements prepared (each runs once in the store) since the last {@link #reset()}. */
    int statements() {
        return statements.get();
    }

    void reset() {
        connections.set(0);
        statements.set(0);
    }

    /** From now on {@code getConnection} waits until the returned latch is counted down, then fails. */
    CountDownLatch stall() {
        CountDownLatch release = new CountDownLatch(1);
        stall = release;
        return release;
    }

    /** Waits until {@code n} callers wait for a connection (polls a counter; no time passes for the store). */
    void awaitWaiting(int n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (waiting.get() < n) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(waiting.get() + " caller(s) wait for a connection, expected " + n);
            }
            Thread.sleep(5);
        }
    }

    @Override
    public Connection getConnection() throws SQLException {
        connections.incrementAndGet();
        CountDownLatch release = stall;
        if (release != null) {
            waiting.incrementAndGet();
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                waiting.decrementAndGet();
            }
            throw new SQLTransientConnectionException("test pool: connection is not available, request timed out", "08001");
        }
        return counted(target.getConnection());
    }

    @Override
    public Connection getConnection(String user, String password) throws SQLException {
        throw new SQLFeatureNotSupportedException("the store never passes credentials");
    }

    private Connection counted(Connection c) {
        return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
                (proxy, method, args) -> {
                    String name = method.getName();
                    if (name.equals("prepareStatement") || name.equals("createStatement") || name.equals("prepareCall")) {
                        statements.incrementAndGet();
                    }
                    try {
                        return method.invoke(c, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    @Override
    public PrintWriter getLogWriter() throws SQLException {
        return target.getLogWriter();
    }

    @Override
    public void setLogWriter(PrintWriter out) throws SQLException {
        target.setLogWriter(out);
    }

    @Override
    public void setLoginTimeout(int seconds) throws SQLException {
        target.setLoginTimeout(seconds);
    }

    @Override
    public int getLoginTimeout() throws SQLException {
        return target.getLoginTimeout();
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        return target.getParentLogger();
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        throw new SQLException("not a wrapper");
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
        return false;
    }
}
