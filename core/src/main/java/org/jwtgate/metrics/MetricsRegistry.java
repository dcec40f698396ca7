package org.jwtgate.metrics;

import java.lang.System.Logger.Level;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jwtgate.JwtGate;
import org.jwtgate.jwks.ResilientHttpsJwks;
import org.jwtgate.keys.JwksPublisher;
import org.jwtgate.keys.KeyState;
import org.jwtgate.keys.jdbc.JdbcKeyStore;
import org.jwtgate.tenant.TenantId;
import org.jwtgate.validation.TokenCacheStats;
import org.jwtgate.validation.TrustedIssuer;

/**
 * The engines and publishers of this class loader (normally: of one web application), for JMX, a
 * Micrometer binder and the health servlet. The adapters register what they create when they start
 * and close the {@link Registration} when they stop; registering also exposes the source as MBeans
 * ({@link Jmx}). Listeners (a Micrometer binder) hear about sources that come and go.
 */
public final class MetricsRegistry {
    private static final System.Logger LOG = System.getLogger(MetricsRegistry.class.getName());
    private static final List<Source> SOURCES = new CopyOnWriteArrayList<>();
    private static final List<Listener> LISTENERS = new CopyOnWriteArrayList<>();

    private MetricsRegistry() {
    }

    /** Hears about sources registered and closed. */
    public interface Listener {
        void added(Source source);

        void removed(Source source);
    }

    /** Undoes a registration: the source leaves the registry and its MBeans are unregistered. Idempotent. */
    public interface Registration extends AutoCloseable {
        /** The registered source. */
        Source source();

        @Override
        void close();
    }

    /** The sources registered now. */
    public static List<Source> sources() {
        return List.copyOf(SOURCES);
    }

    /** Adds a listener and tells it about every source registered now. */
    public static void addListener(Listener listener) {
        LISTENERS.add(listener);
        SOURCES.forEach(listener::added);
    }

    public static void removeListener(Listener listener) {
        LISTENERS.remove(listener);
    }

    /** The health of every source of application {@code app} ({@code null}: of all). */
    public static HealthReport health(String app) {
        List<HealthReport.Check> checks = new ArrayList<>();
        for (Source s : SOURCES) {
            if (app == null || app.equals(s.app())) {
                checks.addAll(s.health().get());
            }
        }
        return HealthReport.of(checks);
    }

    /**
     * Registers an engine under its application's context path and its filter's (or feature's) name; a
     * tenant-bound engine's tenant issuers are registered while it holds them ({@link Source.Kind#TENANT_ISSUER}).
     */
    public static Registration register(String app, String name, JwtGate gate) {
        String a = normal(app);
        Registration engine = register(engine(a, name, gate));
        TenantSources tenants = new TenantSources(a, name);
        gate.addTenantListener(tenants);
        WeakReference<JwtGate> held = new WeakReference<>(gate);
        return new Registration() {
            @Override
            public Source source() {
                return engine.source();
            }

            @Override
            public void close() {
                JwtGate g = held.get();
                if (g != null) {
                    g.removeTenantListener(tenants);
                }
                tenants.closeAll();
                engine.close();
            }
        };
    }

    /** The tenant issuers of one registered engine, registered while it holds them. */
    private static final class TenantSources implements org.jwtgate.tenant.TenantIssuers.Listener {
        private final String app;
        private final String name;
        private final Map<TrustedIssuer, Registration> held = new java.util.concurrent.ConcurrentHashMap<>();
        private boolean closed;

        TenantSources(String app, String name) {
            this.app = app;
            this.name = name;
        }

        @Override
        public synchronized void held(TrustedIssuer issuer) {
            if (!closed) {
                held.put(issuer, register(tenant(app, name, issuer)));
            }
        }

        @Override
        public synchronized void released(TrustedIssuer issuer) {
            Registration r = held.remove(issuer);
            if (r != null) {
                r.close();
            }
        }

        synchronized void closeAll() {
            closed = true;
            held.values().forEach(Registration::close);
            held.clear();
        }
    }

    /** Registers a key publisher under its application's context path and its servlet's name. */
    public static Registration register(String app, String name, JwksPublisher publisher) {
        return register(publisher(normal(app), name, publisher));
    }

    private static String normal(String app) {
        return app == null ? "-" : app.isEmpty() ? "/" : app;
    }

    private static Registration register(Source source) {
        SOURCES.add(source);
        List<Object> names = Jmx.register(source);
        for (Listener l : LISTENERS) {
            try {
                l.added(source);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "jwtgate: a metrics listener failed ({0})", e.getClass().getSimpleName());
            }
        }
        return new Registration() {
            private boolean closed;

            @Override
            public Source source() {
                return source;
            }

            @Override
            public synchronized void close() {
                if (closed) {
                    return;
                }
                closed = true;
                SOURCES.remove(source);
                Jmx.unregister(names);
                for (Listener l : LISTENERS) {
                    try {
                        l.removed(source);
                    } catch (RuntimeException e) {
                        LOG.log(Level.WARNING, "jwtgate: a metrics listener failed ({0})", e.getClass().getSimpleName());
                    }
                }
            }
        };
    }

    /**
     * The engine's source. It holds the engine only weakly (its decisions, key sets and cache figures are
     * objects of their own): a registration never keeps an engine alive, so one nobody closes can still
     * become garbage and be unregistered then ({@link JwtGate#whenUnreachable}).
     */
    static Source engine(String app, String name, JwtGate gate) {
        Map<String, String> base = DecisionMetrics.with(Map.of(), "app", app, "engine", name);
        List<Meter> meters = new ArrayList<>();
        WeakReference<JwtGate> weak = new WeakReference<>(gate);
        java.util.function.Supplier<TokenCacheStats> stats = () -> {
            JwtGate g = weak.get();
            return g == null ? TokenCacheStats.DISABLED : g.tokenCacheStats();
        };
        String cache = "Verified-token cache: ";
        meters.add(new Meter.Counter("jwtgate.token.cache.hits", cache + "validations answered from the cache", base,
                () -> stats.get().hits()));
        meters.add(new Meter.Counter("jwtgate.token.cache.misses", cache + "validations that verified the signature", base,
                () -> stats.get().misses()));
        meters.add(new Meter.Counter("jwtgate.token.cache.evictions", cache + "entries removed (size, memory, expiry, key gone)",
                base, () -> stats.get().evictions()));
        meters.add(new Meter.Gauge("jwtgate.token.cache.entries", cache + "entries held", null, base,
                () -> stats.get().size()));
        meters.add(new Meter.Gauge("jwtgate.token.cache.size", cache + "estimated heap held", "bytes", base,
                () -> stats.get().estimatedBytes()));
        meters.add(new Meter.Gauge("jwtgate.tenants.held", "Tenant issuers held by a tenant-bound engine", null, base, () -> {
            JwtGate g = weak.get();
            return g == null ? 0 : g.tenantsHeld();
        }));
        List<ResilientHttpsJwks> keySets = gate.keySets();
        for (ResilientHttpsJwks set : keySets) {
            meters.addAll(set.metrics().meters(DecisionMetrics.with(base, "issuer", set.issuer()), set::status));
        }
        // A registry gets the decisions and validation times per issuer; the engine's MBean shows them in total (and
        // each KeySet MBean its issuer's).
        List<Meter> jmx = new ArrayList<>(meters);
        List<Meter> decisions = gate.metrics().meters(base);
        meters.addAll(0, decisions);
        jmx.addAll(0, gate.metrics().totals(base));
        for (Meter m : decisions) {
            if (!DecisionMetrics.UNATTRIBUTED.equals(m.tags().get("issuer"))) {
                jmx.add(m);
            }
        }
        String owner = app + " " + name;
        return new Source(Source.Kind.ENGINE, app, name, meters, jmx, () -> {
            List<HealthReport.Check> checks = new ArrayList<>();
            for (ResilientHttpsJwks set : keySets) {
                KeySetStatus s = set.status();
                checks.add(new HealthReport.Check("issuer", owner, s.issuer(), s.health(), s.details()));
            }
            return checks; // tenant issuers: their own sources
        });
    }

    /**
     * One tenant issuer an engine holds: its key set's meters, its decisions and its validation times, tagged
     * with its issuer.
     */
    static Source tenant(String app, String name, TrustedIssuer issuer) {
        Map<String, String> base = DecisionMetrics.with(Map.of(), "app", app, "engine", name, "issuer", issuer.issuer());
        ResilientHttpsJwks set = issuer.keys();
        List<Meter> meters = new ArrayList<>(set.metrics().meters(base, set::status));
        if (issuer.decisions() != null) {
            meters.addAll(0, issuer.decisions().meters(base));
        }
        String owner = app + " " + name;
        return new Source(Source.Kind.TENANT_ISSUER, app, name, meters, () -> {
            KeySetStatus s = set.status();
            return List.of(new HealthReport.Check("tenant-issuer", owner, s.issuer(), s.health(), s.details()));
        });
    }

    static Source publisher(String app, String name, JwksPublisher publisher) {
        Map<String, String> base = DecisionMetrics.with(Map.of(), "app", app, "publisher", name);
        PublisherMetrics m = publisher.metrics();
        List<Meter> meters = new ArrayList<>();
        meters.add(new Meter.Counter("jwtgate.publisher.served", "Key sets and discovery documents served", base, m::servedCount));
        meters.add(new Meter.Counter("jwtgate.publisher.rotations",
                "Rotations the key store started (a new pending key written for a tenant, explicit or scheduled), counted "
                + "when written; with a shared database, by the node that wrote it", base, () -> publisher.store().rotations()));
        meters.add(new Meter.Counter("jwtgate.publisher.store.errors", "Reads of the key store that failed (503)", base,
                m::storeErrors));
        meters.add(new Meter.Counter("jwtgate.publisher.signatures", "Tokens signed with the tenants' keys", base,
                () -> publisher.signer().signatures()));
        meters.add(new Meter.Gauge("jwtgate.publisher.tenants", "Tenants in the key store (-1 when it cannot be read)", null,
                base, () -> tenantCount(publisher)));
        for (TenantId t : publisher.config().tenants()) {
            for (KeyState state : KeyState.values()) {
                meters.add(new Meter.Gauge("jwtgate.publisher.keys", "Keys of a configured tenant by state (-1 when they cannot "
                        + "be read)", null, DecisionMetrics.with(base, "tenant", t.value(), "state",
                                state.name().toLowerCase(java.util.Locale.ROOT)), () -> keys(publisher, t, state)));
            }
        }
        if (publisher.store() instanceof JdbcKeyStore jdbc) {
            java.time.Clock clock = publisher.config().clock();
            meters.add(new Meter.Gauge("jwtgate.publisher.store.poll.lag", "Time since this node last read the key database "
                    + "(what it serves may be this old; -1 before a first read)", "seconds", base,
                    () -> jdbc.lastSuccessfulPoll().map(t -> secondsSince(clock, t)).orElse(-1.0)));
            meters.add(new Meter.Gauge("jwtgate.publisher.store.outage", "Time the key database has been unreachable (0 when up)",
                    "seconds", base, () -> jdbc.databaseUnavailableSince().map(t -> secondsSince(clock, t)).orElse(0.0)));
        }
        meters.add(new Meter.Gauge("jwtgate.publisher.health", "Publisher health: 0 UP, 1 DEGRADED (key database unreachable, "
                + "keys served from memory), 2 DOWN (store unreadable)", null, base, () -> publisherHealth(publisher).ordinal()));
        String owner = app + " " + name;
        return new Source(Source.Kind.PUBLISHER, app, name, meters, () -> {
            Health h = publisherHealth(publisher);
            Map<String, Object> details = new java.util.LinkedHashMap<>();
            details.put("store", publisher.config().store().name().toLowerCase(java.util.Locale.ROOT));
            details.put("tenants", tenantCount(publisher));
            details.put("storeErrors", m.storeErrors());
            return List.of(new HealthReport.Check("publisher", owner, name, h, details));
        });
    }

    private static long tenantCount(JwksPublisher publisher) {
        try {
            return publisher.store().tenants().size();
        } catch (RuntimeException e) {
            return -1;
        }
    }

    private static double keys(JwksPublisher publisher, TenantId tenant, KeyState state) {
        try {
            return publisher.store().keys(tenant).map(keys -> keys.stream().filter(k -> k.state() == state).count()).orElse(0L);
        } catch (RuntimeException e) {
            return -1;
        }
    }

    private static Health publisherHealth(JwksPublisher publisher) {
        if (publisher.metrics().lastReadFailed() || tenantCount(publisher) < 0) {
            return Health.DOWN;
        }
        boolean databaseDown = publisher.store() instanceof JdbcKeyStore jdbc && jdbc.databaseUnavailableSince().isPresent();
        return databaseDown ? Health.DEGRADED : Health.UP;
    }

    private static double secondsSince(java.time.Clock clock, java.time.Instant t) {
        return Math.max(0, java.time.Duration.between(t, clock.instant()).toMillis() / 1000.0);
    }
}
