package org.jwtgate.metrics;

import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * One registered engine or key publisher: its meters (fixed when registered; gauges read lazily) and
 * its health checks (read when asked).
 *
 * @param kind {@link Kind#ENGINE} or {@link Kind#PUBLISHER}
 * @param app the context path of the web application ({@code /} for the root, {@code -} outside one)
 * @param name the filter's, feature's or servlet's name
 */
public record Source(Kind kind, String app, String name, List<Meter> meters, Supplier<List<HealthReport.Check>> health) {
    public Source {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(app, "app");
        Objects.requireNonNull(name, "name");
        meters = List.copyOf(meters);
        Objects.requireNonNull(health, "health");
    }

    /** What a source is. */
    public enum Kind {
        /** A {@code JwtGate}: decisions, token cache, issuers' key sets. */
        ENGINE,
        /** A {@code JwksPublisher}: tenants' keys, signatures, store. */
        PUBLISHER
    }

    /** {@code app} and {@code name}, as shown in health checks. */
    public String owner() {
        return app + " " + name;
    }
}
