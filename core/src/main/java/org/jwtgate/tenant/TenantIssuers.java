package org.jwtgate.tenant;

import java.lang.System.Logger.Level;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.jwtgate.Outcome;
import org.jwtgate.config.GateConfig;
import org.jwtgate.config.IssuerConfig;
import org.jwtgate.error.Reason;
import org.jwtgate.jwks.ResilientHttpsJwks;
import org.jwtgate.validation.IssuerScope;
import org.jwtgate.validation.TrustedIssuer;

/**
 * The issuers of a tenant-bound engine's tenants: one {@link TrustedIssuer} (jose4j consumer and key
 * set, keys discovered from the tenant's issuer or found at the JWKS URI template) per tenant, created
 * when a token first names the tenant's exact issuer on the tenant's route, and bounded:
 *
 * <ul>
 * <li>at most {@code tenant-cache-size} tenants are held; when one more is needed, the least recently
 * used tenant whose keys never loaded goes first, else the least recently used one;</li>
 * <li>without {@code tenants}, at most {@code tenant-load-limit} tenants not held yet are taken up per
 * {@code jwks-refresh-interval}; a token of one more new tenant is refused (401 untrusted issuer)
 * without a fetch;</li>
 * <li>each tenant's key set is fetched at most once per {@code jwks-refresh-interval} after a failure
 * (its own negative cache), and without {@code tenants} at most {@code tenant-load-limit} tenants whose
 * keys never loaded are held (the least recently used goes): tokens naming unknown tenants cause at most
 * twice {@code tenant-load-limit} fetches per interval, new ones and repeated ones together;</li>
 * <li>a token of a tenant whose keys never loaded and cannot be fetched is refused (401 untrusted
 * issuer): without {@code tenants}, a tenant is known to exist only once its keys loaded. Tenants in
 * {@code tenants}, and tenants whose keys loaded before, get 503 like any issuer whose keys are
 * unavailable.</li>
 * </ul>
 * Thread-safe: a held tenant is found without a lock; taking up a new one takes a lock.
 */
public final class TenantIssuers {
    private static final System.Logger LOG = System.getLogger(TenantIssuers.class.getName());

    private final String issuerTemplate;
    private final Optional<String> jwksUriTemplate;
    private final Set<TenantId> allowed;
    private final int capacity;
    private final int loadLimit;
    private final Duration loadInterval;
    private final Clock clock;
    private final Function<IssuerConfig, ResilientHttpsJwks> keySets;
    private final BiFunction<IssuerConfig, ResilientHttpsJwks, TrustedIssuer> trust;
    private final ConcurrentHashMap<TenantId, Held> held = new ConcurrentHashMap<>();
    private final AtomicLong ticks = new AtomicLong();
    private final ReentrantLock lock = new ReentrantLock();
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private Instant windowStart;
    private int loadsInWindow;
    private boolean limitReported;

    private static final class Held {
        final TrustedIssuer issuer;
        volatile long used;

        Held(TrustedIssuer issuer, long used) {
            this.issuer = issuer;
            this.used = used;
        }
    }

    /**
     * @param keySets makes the key set of a tenant's issuer (the engine's, with its HTTP client)
     * @param trust makes the issuer's consumer under the engine's validation policy
     */
    public TenantIssuers(GateConfig config, Function<IssuerConfig, ResilientHttpsJwks> keySets,
            BiFunction<IssuerConfig, ResilientHttpsJwks, TrustedIssuer> trust) {
        this.issuerTemplate = config.tenantIssuer().orElseThrow(() -> new IllegalArgumentException("no tenant-issuer"));
        this.jwksUriTemplate = config.tenantJwksUri();
        this.allowed = config.tenants();
        this.capacity = config.tenantCacheSize();
        this.loadLimit = config.tenantLoadLimit();
        this.loadInterval = config.jwksRefreshInterval();
        this.clock = config.clock();
        this.keySets = keySets;
        this.trust = trust;
    }

    /**
     * Hears about the tenant issuers taken up and let go (evicted), for their metrics; told under the
     * lock that takes up tenants, so it must be quick and must not call back.
     */
    public interface Listener {
        void held(TrustedIssuer issuer);

        void released(TrustedIssuer issuer);
    }

    /** Adds a listener and tells it about every tenant issuer held now. */
    public void addListener(Listener listener) {
        lock.lock();
        try {
            listeners.add(listener);
            for (Held h : held.values()) {
                tell(listener, h.issuer, true);
            }
        } finally {
            lock.unlock();
        }
    }

    /** Removes a listener (it is not told about the issuers held). */
    public void removeListener(Listener listener) {
        listeners.remove(listener);
    }

    private static void tell(Listener listener, TrustedIssuer issuer, boolean held) {
        try {
            if (held) {
                listener.held(issuer);
            } else {
                listener.released(issuer);
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "jwtgate: a tenant issuer listener failed ({0})", e.getClass().getSimpleName());
        }
    }

    /** Whether {@code tenant} may be named at all: it is in {@code tenants}, or no list is configured. */
    public boolean admits(TenantId tenant) {
        return allowed.isEmpty() || allowed.contains(tenant);
    }

    /** The issuer ({@code iss}) of {@code tenant}. */
    public String issuer(TenantId tenant) {
        return issuerTemplate.replace(TenantSource.PLACEHOLDER, tenant.value());
    }

    /** The scope of a request on {@code tenant}'s route: that tenant's issuer, and no other. */
    public IssuerScope scope(TenantId tenant) {
        return new Scope(tenant, issuer(tenant));
    }

    /** How many tenants are held now. */
    public int size() {
        return held.size();
    }

    /** The key sets held now, for the background refresh. */
    public List<ResilientHttpsJwks> keySets() {
        List<ResilientHttpsJwks> out = new ArrayList<>(held.size());
        for (Held h : held.values()) {
            out.add(h.issuer.keys());
        }
        return out;
    }

    private TrustedIssuer peek(TenantId tenant) {
        Held h = held.get(tenant);
        if (h == null) {
            return null;
        }
        h.used = ticks.incrementAndGet();
        return h.issuer;
    }

    private TrustedIssuer obtain(TenantId tenant, String issuer) {
        TrustedIssuer found = peek(tenant);
        if (found != null) {
            return found;
        }
        lock.lock();
        try {
            found = peek(tenant);
            if (found != null) {
                return found;
            }
            if (allowed.isEmpty() && !withinLoadLimit()) {
                return null;
            }
            IssuerConfig config = new IssuerConfig(issuer,
                    jwksUriTemplate.map(t -> URI.create(t.replace(TenantSource.PLACEHOLDER, tenant.value()))));
            TrustedIssuer created = trust.apply(config, keySets.apply(config));
            if (allowed.isEmpty()) {
                // Each held tenant whose keys never loaded may be fetched again once per interval when named:
                // holding at most tenant-load-limit of them keeps those fetches within the same bound.
                while (neverLoaded() >= loadLimit && evictOne(true)) {
                    // the least recently used one went
                }
            }
            if (held.size() >= capacity) {
                evictOne(false);
            }
            held.put(tenant, new Held(created, ticks.incrementAndGet()));
            for (Listener l : listeners) {
                tell(l, created, true);
            }
            return created;
        } finally {
            lock.unlock();
        }
    }

    // Under the lock.
    private boolean withinLoadLimit() {
        Instant now = clock.instant();
        if (windowStart == null || Duration.between(windowStart, now).compareTo(loadInterval) >= 0) {
            windowStart = now;
            loadsInWindow = 0;
            limitReported = false;
        }
        if (loadsInWindow >= loadLimit) {
            if (!limitReported) {
                limitReported = true;
                LOG.log(Level.WARNING, "jwtgate: tokens named more than {0} tenants not held yet within {1}s "
                        + "(tenant-load-limit); tokens of further new tenants are refused until the interval has passed. "
                        + "List the tenants (tenants) or raise tenant-load-limit if they are real",
                        loadLimit, loadInterval.toSeconds());
            }
            return false;
        }
        loadsInWindow++;
        return true;
    }

    // Under the lock.
    private int neverLoaded() {
        int n = 0;
        for (Held h : held.values()) {
            if (h.issuer.keys().heldGeneration() < 0) {
                n++;
            }
        }
        return n;
    }

    // Under the lock: the least recently used tenant whose keys never loaded, else (unless neverLoadedOnly)
    // the least recently used; whether one went.
    private boolean evictOne(boolean neverLoadedOnly) {
        TenantId victim = null;
        long oldest = Long.MAX_VALUE;
        boolean victimNeverLoaded = false;
        for (var e : held.entrySet()) {
            Held h = e.getValue();
            boolean neverLoaded = h.issuer.keys().heldGeneration() < 0;
            if (neverLoadedOnly && !neverLoaded) {
                continue;
            }
            if ((neverLoaded && !victimNeverLoaded) || (neverLoaded == victimNeverLoaded && h.used < oldest)) {
                victim = e.getKey();
                oldest = h.used;
                victimNeverLoaded = neverLoaded;
            }
        }
        if (victim != null) {
            Held gone = held.remove(victim);
            for (Listener l : listeners) {
                tell(l, gone.issuer, false);
            }
        }
        return victim != null;
    }

    private final class Scope implements IssuerScope {
        private final TenantId tenant;
        private final String issuer;

        Scope(TenantId tenant, String issuer) {
            this.tenant = tenant;
            this.issuer = issuer;
        }

        @Override
        public TrustedIssuer find(String iss) {
            return issuer.equals(iss) ? obtain(tenant, issuer) : null;
        }

        @Override
        public TrustedIssuer held(String iss) {
            return issuer.equals(iss) ? peek(tenant) : null;
        }

        @Override
        public boolean trusts(String iss) {
            return issuer.equals(iss);
        }

        @Override
        public Outcome keysUnavailable(TrustedIssuer trusted) {
            boolean known = !allowed.isEmpty() || trusted.keys().heldGeneration() >= 0;
            return known ? Outcome.KEYS_UNAVAILABLE : Outcome.rejected(Reason.UNTRUSTED_ISSUER);
        }
    }
}
