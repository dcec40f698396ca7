package org.jwtgate.metrics;

import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * One registered engine or key publisher: its meters (fixed when registered; gauges read lazily) and
 * its health checks (read when asked). Equal only to itself: a final class rather than a record, because
 * a record's {@code equals} (called when the registry removes it) leaves the record's class in the JDK's
 * {@code ObjectMethods} method-handle cache, which kept an undeployed application's class loader alive
 * on Tomcat (found with a heap dump; {@code TomcatUndeployLeakIT}).
 */
public final class Source {
    private final Kind kind;
    private final String app;
    private final String name;
    private final List<Meter> meters;
    private final List<Meter> jmxMeters;
    private final Supplier<List<HealthReport.Check>> health;

    /**
     * @param kind {@link Kind#ENGINE} or {@link Kind#PUBLISHER}
     * @param app the context path of the web application ({@code /} for the root, {@code -} outside one)
     * @param name the filter's, listener's or servlet's name
     */
    public Source(Kind kind, String app, String name, List<Meter> meters, Supplier<List<HealthReport.Check>> health) {
        this(kind, app, name, meters, meters, health);
    }

    /**
     * @param jmxMeters the meters its MBeans show, when not {@code meters}: an engine's MBean shows its
     *     decisions in total, a registry gets them per issuer (one name, one set of tag keys)
     */
    public Source(Kind kind, String app, String name, List<Meter> meters, List<Meter> jmxMeters,
            Supplier<List<HealthReport.Check>> health) {
        this.jmxMeters = List.copyOf(jmxMeters);
        this.kind = Objects.requireNonNull(kind, "kind");
        this.app = Objects.requireNonNull(app, "app");
        this.name = Objects.requireNonNull(name, "name");
        this.meters = List.copyOf(meters);
        this.health = Objects.requireNonNull(health, "health");
    }

    /** What a source is. */
    public enum Kind {
        /** A {@code JwtGate}: decisions, token cache, issuers' key sets. */
        ENGINE,
        /** A {@code JwksPublisher}: tenants' keys, signatures, store. */
        PUBLISHER,
        /**
         * A tenant issuer a tenant-bound engine holds ({@code tenant-issuer}): its key set and decisions,
         * registered while the engine holds it (at most {@code tenant-cache-size}), named after the engine.
         */
        TENANT_ISSUER
    }

    public Kind kind() {
        return kind;
    }

    public String app() {
        return app;
    }

    public String name() {
        return name;
    }

    /** The meters, fixed at registration. */
    public List<Meter> meters() {
        return meters;
    }

    /** The meters its MBeans show ({@link Jmx}). */
    public List<Meter> jmxMeters() {
        return jmxMeters;
    }

    /** Its health checks, read now. */
    public Supplier<List<HealthReport.Check>> health() {
        return health;
    }

    /** {@code app} and {@code name}, as shown in health checks. */
    public String owner() {
        return app + " " + name;
    }

    @Override
    public String toString() {
        return "Source[" + kind + " " + app + " " + name + "]";
    }
}
