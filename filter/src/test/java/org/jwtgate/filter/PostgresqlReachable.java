package org.jwtgate.filter;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Optional;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Runs a test class only when PostgreSQL answers at 127.0.0.1:5432 (database test, user postgres,
 * trust auth; {@code -Djwtgate.test.postgresql=host:port} moves it) within a second; otherwise skips
 * it with one line saying why.
 */
final class PostgresqlReachable implements ExecutionCondition {
    private static final String AT = System.getProperty("jwtgate.test.postgresql", "127.0.0.1:5432");
    static final String HOST = AT.substring(0, AT.lastIndexOf(':'));
    static final int PORT = Integer.parseInt(AT.substring(AT.lastIndexOf(':') + 1));
    static final String USER = "postgres";
    private static Optional<String> unreachable;

    static String url(String host, int port) {
        return "jdbc:postgresql://" + host + ":" + port + "/test";
    }

    static synchronized Optional<String> unreachable() {
        if (unreachable == null) {
            String why = "PostgreSQL not reachable at " + HOST + ":" + PORT + " (database test): JDBC store tests skipped";
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(HOST, PORT), 1000);
                try (Connection c = DriverManager.getConnection(url(HOST, PORT) + "?connectTimeout=1", USER, "");
                        Statement st = c.createStatement()) {
                    st.execute("SELECT 1");
                }
                unreachable = Optional.empty();
            } catch (Exception e) {
                unreachable = Optional.of(why);
            }
        }
        return unreachable;
    }

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        Optional<String> why = unreachable();
        if (why.isPresent()) {
            if (context.getTestMethod().isEmpty()) {
                announce(why.get());
            }
            return ConditionEvaluationResult.disabled(why.get());
        }
        return ConditionEvaluationResult.enabled("PostgreSQL reachable");
    }

    /** To the build's console, past the test runner's capture of System.out and System.err. */
    private static void announce(String line) {
        try {
            java.io.FileOutputStream err = new java.io.FileOutputStream(java.io.FileDescriptor.err);
            err.write(("[WARNING] " + line + System.lineSeparator()).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            err.flush();
        } catch (java.io.IOException e) {
            System.err.println(line);
        }
    }
}
