package org.jwtgate.dpop;

import java.lang.System.Logger.Level;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * A {@link ReplayStore} in a database shared by every node ({@code dpop-replay-store=jdbc}, PostgreSQL
 * or MariaDB, through the same kind of {@link DataSource} as the JDBC key store): the table's primary key
 * decides which node saw a proof first, so a proof used on one node is refused on all. One row per
 * proof id, {@code (id VARCHAR(64) PRIMARY KEY, expires_at BIGINT)} ({@link #ddl}; created on first use
 * when it is missing and the user may create tables, else a DBA runs the DDL once); expired rows are taken again by an id used anew and
 * deleted by the node that writes first after each {@link #SWEEP_INTERVAL}. When the database cannot
 * be reached, every proof is refused ({@link ReplayStoreUnavailableException}), never let through.
 */
public final class JdbcReplayStore implements ReplayStore {
    private static final System.Logger LOG = System.getLogger(JdbcReplayStore.class.getName());
    private static final Pattern TABLE = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}");
    /** How often a node deletes the expired rows. */
    public static final Duration SWEEP_INTERVAL = Duration.ofMinutes(1);

    private final DataSource dataSource;
    private final String table;
    private final Clock clock;
    private volatile long nextSweep;
    private volatile long nextFailureLog;

    /** @param table the table name, letters, digits and '_' (validated here: it is written into SQL) */
    public JdbcReplayStore(DataSource dataSource, String table, Clock clock) {
        if (!TABLE.matcher(table).matches()) {
            throw new IllegalArgumentException("not a table name: letters, digits and '_', at most 63");
        }
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.table = table;
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Whether {@code table} can name the table. */
    public static boolean isTableName(String table) {
        return table != null && TABLE.matcher(table).matches();
    }

    @Override
    public boolean firstUse(String id, long untilMillis) {
        long now = clock.millis();
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(true);
            boolean first;
            for (int attempt = 0;; attempt++) {
                try {
                    insert(c, id, untilMillis);
                    first = true;
                } catch (SQLException e) {
                    if (attempt == 0 && isMissingTable(e)) {
                        create(c);
                        continue;
                    }
                    if (!isDuplicate(e)) {
                        throw e;
                    }
                    // Recorded already: a replay, unless that record expired (then the id is taken again, by one node only).
                    try (PreparedStatement renew = c.prepareStatement("UPDATE " + table
                            + " SET expires_at = ? WHERE id = ? AND expires_at <= ?")) {
                        renew.setLong(1, untilMillis);
                        renew.setString(2, id);
                        renew.setLong(3, now);
                        first = renew.executeUpdate() == 1;
                    }
                }
                break;
            }
            if (now >= nextSweep) {
                nextSweep = now + SWEEP_INTERVAL.toMillis();
                try (PreparedStatement sweep = c.prepareStatement("DELETE FROM " + table + " WHERE expires_at <= ?")) {
                    sweep.setLong(1, now);
                    sweep.executeUpdate();
                } catch (SQLException e) {
                    // the proof is recorded; expired rows wait for the next sweep
                    LOG.log(Level.DEBUG, "jwtgate: sweeping {0} failed (SQLState {1})", table, e.getSQLState());
                }
            }
            return first;
        } catch (SQLException e) {
            if (now >= nextFailureLog) {
                nextFailureLog = now + 60_000;
                LOG.log(Level.ERROR, "jwtgate: the DPoP replay store {0} cannot be used ({1}, SQLState {2}); DPoP proofs are "
                        + "refused until it can", table, e.getClass().getName(), e.getSQLState());
            }
            throw new ReplayStoreUnavailableException("the DPoP replay store cannot be reached");
        }
    }

    private void insert(Connection c, String id, long untilMillis) throws SQLException {
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO " + table + " (id, expires_at) VALUES (?, ?)")) {
            insert.setString(1, id);
            insert.setLong(2, untilMillis);
            insert.executeUpdate();
        }
    }

    // The table is missing: create it (a user with CREATE rights), else the caller refuses the proof.
    private void create(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.executeUpdate(ddl(table));
            LOG.log(Level.INFO, "jwtgate: created the DPoP replay table {0}", table);
        } catch (SQLException e) {
            if (!isDuplicate(e)) { // else another node created it at the same time
                throw e;
            }
        }
    }

    /** The DDL of the table, the same on PostgreSQL and MariaDB. */
    public static String ddl(String table) {
        return "CREATE TABLE IF NOT EXISTS " + table + " (id VARCHAR(64) NOT NULL, expires_at BIGINT NOT NULL, CONSTRAINT "
                + table + "_pk PRIMARY KEY (id))";
    }

    // PostgreSQL 42P01, MariaDB 42S02 (MySQL error 1146).
    private static boolean isMissingTable(SQLException e) {
        String state = e.getSQLState();
        return state != null && (state.equals("42P01") || state.equals("42S02") || e.getErrorCode() == 1146);
    }

    private static boolean isDuplicate(SQLException e) {
        return e instanceof java.sql.SQLIntegrityConstraintViolationException
                || (e.getSQLState() != null && e.getSQLState().startsWith("23"))
                // PostgreSQL, two nodes creating the table at once: relation or its constraint exists
                || "42P07".equals(e.getSQLState()) || "42710".equals(e.getSQLState());
    }
}
