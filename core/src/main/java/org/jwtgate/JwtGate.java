package org.jwtgate;

import java.lang.System.Logger.Level;
import java.lang.ref.WeakReference;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import javax.net.ssl.SSLSocketFactory;
import org.jose4j.http.SimpleGet;
import org.jwtgate.config.DpopMode;
import org.jwtgate.config.GateConfig;
import org.jwtgate.config.IssuerConfig;
import org.jwtgate.config.Mode;
import org.jwtgate.config.PathPolicy;
import org.jwtgate.config.ValidationPolicy;
import org.jwtgate.dpop.SenderConstraint;
import org.jwtgate.error.Challenges;
import org.jwtgate.stepup.StepUp;
import org.jwtgate.stepup.StepUpRules;
import org.jwtgate.crypto.SignatureEngine;
import org.jwtgate.crypto.SignatureEngines;
import org.jwtgate.error.ErrorResponse;
import org.jwtgate.error.ErrorResponses;
import org.jwtgate.error.InternalErrorLog;
import org.jwtgate.error.Scheme;
import org.jwtgate.jwks.BoundedGet;
import org.jwtgate.jwks.JwksCredential;
import org.jwtgate.jwks.LocalFirstGet;
import org.jwtgate.jwks.LocalJwks;
import org.jwtgate.jwks.ResilientHttpsJwks;
import org.jwtgate.jwks.TrustStores;
import org.jwtgate.metrics.DecisionMetrics;
import org.jwtgate.tenant.TenantId;
import org.jwtgate.tenant.TenantIssuers;
import org.jwtgate.tenant.TenantRequest;
import org.jwtgate.tenant.TenantSource;
import org.jwtgate.token.BearerExtractor;
import org.jwtgate.token.BearerRequest;
import org.jwtgate.token.Extraction;
import org.jwtgate.validation.IssuerScope;
import org.jwtgate.validation.TokenCacheStats;
import org.jwtgate.validation.TokenValidator;

/**
 * The engine every adapter calls: extraction, validation, the path and mode policy, and the
 * rendering of refusals, all decided here once. Built once per filter or servlet from a
 * {@link GateConfig}; thread-safe; {@link #close()} stops its background key refresh (which also
 * stops by itself once an engine nobody closed is garbage).
 */
public final class JwtGate implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(JwtGate.class.getName());

    private final GateConfig config;
    private final ValidationPolicy policy;
    private final BearerExtractor extractor;
    private final PathPolicy paths;
    private final StepUpRules stepUps;
    private final ErrorResponses responses;
    private final TokenValidator validator;
    private final SenderConstraint senders;
    private final SignatureEngine signatures;
    private final List<ResilientHttpsJwks> keySets;
    private final TenantIssuers tenants;
    private final TenantSource tenantSource;
    private final ScheduledExecutorService refresher;
    /** The refresher's threads (one, unless it died and was replaced), to wait for their end on close. */
    private final java.util.Queue<Thread> refresherThreads = new java.util.concurrent.ConcurrentLinkedQueue<>();
    /** Run by the refresh thread once this engine is garbage (it must not reference the engine). */
    private final java.util.Queue<Runnable> whenUnreachable = new java.util.concurrent.ConcurrentLinkedQueue<>();
    private final LongAdder validations = new LongAdder();
    private final DecisionMetrics metrics = new DecisionMetrics();
    private final boolean counting;
    // The system clock, not the configured one: that one is the tokens' time (and a test seam that may fail).
    private final InternalErrorLog internalErrors =
            new InternalErrorLog(LOG, Clock.systemUTC(), InternalErrorLog.DEFAULT_INTERVAL);

    /** The schemes offered (RFC 9449 §7.1), each with {@code resource_metadata} when configured (RFC 9728 §5.1). */
    private static Challenges challenges(GateConfig config) {
        Challenges c = Challenges.of(config.realm(), config.dpop() != DpopMode.REQUIRED,
                config.dpop() == DpopMode.OFF ? null : config.dpopAlgorithms());
        return config.resourceMetadata().map(m -> c.withAttribute("resource_metadata", m.metadataUrl())).orElse(c);
    }

    private JwtGate(GateConfig config, boolean backgroundRefresh, LocalJwks local) {
        this.config = config;
        this.policy = ValidationPolicy.of(config);
        this.extractor = new BearerExtractor(config);
        this.paths = new PathPolicy(config);
        this.stepUps = new StepUpRules(config);
        this.counting = config.metrics();
        this.responses = new ErrorResponses(config.realm(), config.retryAfter(), counting ? metrics::forbidden : null,
                challenges(config));
        Optional<SSLSocketFactory> tls = TrustStores.socketFactory(config);
        List<ResilientHttpsJwks> sets = new ArrayList<>();
        Function<IssuerConfig, ResilientHttpsJwks> newKeySet = issuer -> {
            // One HTTP client per issuer: its credential, if any, is its own and bound to its key origin.
            SimpleGet http = new BoundedGet(config.jwksConnectTimeout(), config.jwksReadTimeout(),
                    config.jwksMaxResponseBytes(), tls, JwksCredential.of(issuer, config));
            SimpleGet get = local == LocalJwks.NONE ? http : new LocalFirstGet(local, http, config.jwksMaxResponseBytes());
            return new ResilientHttpsJwks(issuer, config, get);
        };
        this.signatures = SignatureEngines.select(config.cryptoProvider(), signedAlgorithms(config));
        try {
            this.senders = new SenderConstraint(config, signatures);
        } catch (RuntimeException e) {
            signatures.close();
            throw e;
        }
        try {
            this.validator = new TokenValidator(config, issuer -> {
                ResilientHttpsJwks set = newKeySet.apply(issuer);
                sets.add(set);
                return set;
            }, counting ? metrics : null, signatures);
        } catch (RuntimeException e) {
            signatures.close();
            throw e;
        }
        LOG.log(signatures.degraded() ? Level.WARNING : Level.INFO, signatures.startupLine());
        this.keySets = Collections.unmodifiableList(sets);
        this.tenants = config.tenantIssuer().isPresent() ? new TenantIssuers(config, newKeySet, validator::trust) : null;
        if (tenants != null && counting) {
            tenants.addListener(new TenantIssuers.Listener() {
                @Override
                public void held(org.jwtgate.validation.TrustedIssuer issuer) {
                }

                @Override
                public void released(org.jwtgate.validation.TrustedIssuer issuer) {
                    metrics.released(issuer.issuer(), issuer.decisions());
                }
            });
        }
        this.tenantSource = config.tenantSource().orElse(null);
        if (!config.enabled()) {
            LOG.log(Level.WARNING, "jwtgate: enabled=false: requests pass through WITHOUT any token check");
        }
        if (backgroundRefresh && config.enabled()) {
            this.refresher = refresher(new WeakReference<>(this), refresherThreads, whenUnreachable);
            List<ResilientHttpsJwks> configured = keySets;
            refresher.execute(() -> configured.forEach(ResilientHttpsJwks::checkIssuerIdentity));
        } else {
            this.refresher = null;
        }
    }

    // What the signature engine must verify: the tokens' algorithms and, with DPoP, the proofs'.
    private static java.util.Set<String> signedAlgorithms(GateConfig config) {
        java.util.Set<String> algs = new java.util.LinkedHashSet<>(config.algorithms());
        if (config.dpop() != DpopMode.OFF) {
            algs.addAll(config.dpopAlgorithms());
        }
        return algs;
    }

    /**
     * One daemon thread that calls {@link #refreshDue()} every second. It holds the engine only weakly:
     * an engine nobody closes (a JAX-RS runtime has no portable hook to close what its Feature made)
     * becomes garbage once its application is gone, and the thread then stops by itself instead of
     * keeping the application's class loader alive; it runs the {@link #whenUnreachable} actions first.
     */
    private static ScheduledExecutorService refresher(WeakReference<JwtGate> engine, java.util.Queue<Thread> threads,
            java.util.Queue<Runnable> whenUnreachable) {
        ScheduledExecutorService refresher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "jwtgate-jwks-refresh");
            t.setDaemon(true);
            threads.add(t);
            return t;
        });
        refresher.scheduleWithFixedDelay(() -> {
            JwtGate gate = engine.get();
            if (gate == null) {
                for (Runnable action; (action = whenUnreachable.poll()) != null; ) {
                    try {
                        action.run();
                    } catch (RuntimeException e) {
                        LOG.log(Level.WARNING, "jwtgate: an action after an engine was collected failed ({0})",
                                e.getClass().getSimpleName());
                    }
                }
                refresher.shutdown();
            } else {
                gate.refreshDue();
            }
        }, 0, 1, TimeUnit.SECONDS);
        return refresher;
    }

    /** An engine that also refreshes keys in the background (one daemon thread). */
    public static JwtGate create(GateConfig config) {
        return create(config, LocalJwks.NONE);
    }

    /**
     * An engine that reads the documents {@code local} serves in process instead of fetching them (the
     * application's own tenants, see {@link LocalJwks}); everything else as {@link #create(GateConfig)}.
     */
    public static JwtGate create(GateConfig config, LocalJwks local) {
        return new JwtGate(Objects.requireNonNull(config, "config"), true, Objects.requireNonNull(local, "local"));
    }

    /**
     * An engine without the background thread: keys are fetched only when requests need them, or
     * when {@link #refreshDue()} is called. For tests that count fetches under a controlled clock.
     */
    public static JwtGate createWithoutBackgroundRefresh(GateConfig config) {
        return new JwtGate(Objects.requireNonNull(config, "config"), false, LocalJwks.NONE);
    }

    /** As {@link #createWithoutBackgroundRefresh(GateConfig)}, with documents served in process. */
    public static JwtGate createWithoutBackgroundRefresh(GateConfig config, LocalJwks local) {
        return new JwtGate(Objects.requireNonNull(config, "config"), false, Objects.requireNonNull(local, "local"));
    }

    /**
     * Runs {@code action} on the background refresh thread once this engine is garbage — an engine nobody
     * closes, such as one a JAX-RS feature made on a runtime without a shutdown callback: for example to
     * unregister its metrics. {@code action} must not reference the engine (it would never be garbage).
     * Never runs after {@link #close()}.
     *
     * @return whether it will run: false for an engine without the refresh thread ({@code enabled=false},
     *     {@link #createWithoutBackgroundRefresh}), which the caller must then clean up after otherwise
     */
    public boolean whenUnreachable(Runnable action) {
        Objects.requireNonNull(action, "action");
        if (refresher == null) {
            return false;
        }
        whenUnreachable.add(action);
        return true;
    }

    /** The configuration. */
    public GateConfig config() {
        return config;
    }

    /** What decides whether this engine accepts a token (see {@link ValidationPolicy}). */
    public ValidationPolicy policy() {
        return policy;
    }

    /**
     * Whether this engine takes {@code stored}, a decision an engine (this one or another) already took
     * on this request at {@code path}, as its own: only for a caller accepted under a policy equal to
     * this engine's, and whose issuer this engine trusts for this very request (on a tenant route, the
     * issuer of the tenant it names: a forward to another tenant's route is validated again). Otherwise
     * the token is validated again (cheap with the token cache), so that an outer filter without a
     * {@code typ} rule, or trusting another issuer, or reading roles elsewhere, never decides for an
     * inner one. Nothing is created or fetched.
     */
    public boolean reuses(Decision.Proceed stored, String path, BearerRequest request) {
        if (stored.principal().isEmpty() || stored.acceptedUnder().isEmpty()) {
            return false;
        }
        ValidationPolicy under = stored.acceptedUnder().get();
        if (under != policy && !under.equals(policy)) {
            return false;
        }
        IssuerScope scope = scope(path, request);
        return scope != null && scope.trusts(stored.principal().get().issuer());
    }

    /** What verifies this engine's signatures ({@code crypto-provider}). */
    public SignatureEngine signatureEngine() {
        return signatures;
    }

    /** The renderer of refusals (also for 403s decided by an adapter's role/scope checks). */
    public ErrorResponses responses() {
        return responses;
    }

    /** The key sets, one per trusted issuer, in configuration order. */
    public List<ResilientHttpsJwks> keySets() {
        return keySets;
    }

    /**
     * How many tenants' issuers a tenant-bound engine holds now (at most {@code tenant-cache-size}); 0
     * for other engines.
     */
    public int tenantsHeld() {
        return tenants == null ? 0 : tenants.size();
    }

    /** Refreshes every key set that is due, tenants' included; what the background thread runs each second. */
    public void refreshDue() {
        List<ResilientHttpsJwks> all = keySets;
        if (tenants != null) {
            all = new ArrayList<>(keySets);
            all.addAll(tenants.keySets());
        }
        for (ResilientHttpsJwks set : all) {
            try {
                set.refreshIfDue();
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "jwtgate: background key refresh failed ({0})", e.getClass().getSimpleName());
            }
        }
    }

    /**
     * Extracts and validates the request's token against the configured issuers; on a tenant-bound
     * engine whose {@code tenant-source} is not a path, as {@link #authenticate(String, BearerRequest)}.
     */
    public Outcome authenticate(BearerRequest request) {
        return authenticate(null, request);
    }

    /**
     * Extracts and validates the token of a request at {@code path} (inside the application, decoded).
     * On a tenant route ({@code tenant-source}) the request must name a tenant this engine admits, read
     * before anything else, and the token must come from that tenant's issuer: otherwise
     * {@link Outcome.UnknownTenant}, with no token read and nothing looked up. Elsewhere, the configured
     * issuers. To read a tenant from the path or host, {@code request} must be a {@link TenantRequest}.
     */
    public Outcome authenticate(String path, BearerRequest request) {
        IssuerScope scope = scope(path, request);
        if (scope == null) {
            return counted(Outcome.UNKNOWN_TENANT);
        }
        Extraction extraction = extractor.extract(request);
        if (extraction instanceof Extraction.Found found) {
            Outcome refused = senders.beforeValidation(found.scheme());
            if (refused != null) {
                return counted(refused);
            }
            validations.increment();
            return constrained(scope, found.token(), found.scheme(), request);
        }
        if (extraction instanceof Extraction.Invalid invalid) {
            return counted(Outcome.rejected(invalid.reason(), invalid.scheme()));
        }
        return counted(Outcome.NO_CREDENTIALS);
    }

    /**
     * Validates {@code token}, sent with {@code scheme}, against {@code scope} under the sender constraint.
     * The validator counts the outcome once, for the issuer that decided it: a token its issuer accepted but
     * the constraint refuses (a replayed or misbound proof, a bound token sent as Bearer) is counted as that
     * refusal, not as accepted.
     */
    private Outcome constrained(IssuerScope scope, String token, Scheme scheme, BearerRequest request) {
        Outcome validated = validator.validate(token, scope, accepted -> senders.confirm(accepted, token, scheme, request));
        return senders.retold(validated, scheme);
    }

    // An outcome no trusted issuer took.
    private Outcome counted(Outcome outcome) {
        return counting ? metrics.record(outcome) : outcome;
    }

    /**
     * Validates a token obtained some other way, against the configured issuers, as a Bearer token: a
     * token bound to a key ({@code cnf.jkt}) or to a client certificate ({@code cnf.x5t#S256}: no certificate
     * comes with it) is refused, and with {@code dpop=required} or {@code mtls-bound-tokens=required} every token.
     */
    public Outcome validate(String token) {
        Outcome refused = senders.beforeValidation(Scheme.BEARER);
        if (refused != null) {
            return counted(refused);
        }
        validations.increment();
        return constrained(validator.configuredIssuers(), token, Scheme.BEARER, null);
    }

    /**
     * Validates a token obtained some other way for {@code tenant}: only that tenant's issuer is
     * trusted; {@link Outcome.UnknownTenant} when the engine does not admit the tenant.
     *
     * @throws IllegalStateException when this engine has no {@code tenant-issuer}
     */
    public Outcome validate(String token, TenantId tenant) {
        if (tenants == null) {
            throw new IllegalStateException("this engine is not tenant-bound (no tenant-issuer)");
        }
        if (!tenants.admits(Objects.requireNonNull(tenant, "tenant"))) {
            return counted(Outcome.UNKNOWN_TENANT);
        }
        Outcome refused = senders.beforeValidation(Scheme.BEARER);
        if (refused != null) {
            return counted(refused);
        }
        validations.increment();
        return constrained(tenants.scope(tenant), token, Scheme.BEARER, null);
    }

    // The issuers a request may be validated against; null when it is on a tenant route and names no admitted tenant.
    private IssuerScope scope(String path, BearerRequest request) {
        if (tenants == null || !tenantSource.covers(path)) {
            return validator.configuredIssuers();
        }
        Optional<TenantId> tenant = tenantSource.tenant(path, request);
        return tenant.isPresent() && tenants.admits(tenant.get()) ? tenants.scope(tenant.get()) : null;
    }

    /**
     * How many tokens this engine has validated since it was created, from the verified-token cache
     * or not: a read-only statistic, for example to check that a request passing both the servlet
     * filter and the JAX-RS filter is validated once.
     */
    public long validations() {
        return validations.sum();
    }

    /**
     * The verified-token cache's counters: hits, misses, evictions, entries and estimated heap
     * ({@code token-cache}, {@code token-cache-size}, {@code token-cache-memory},
     * {@code token-cache-max-ttl}). Each engine has its own cache, so a new configuration starts empty.
     */
    public TokenCacheStats tokenCacheStats() {
        return validator.cacheStats();
    }

    /**
     * This engine's decisions by outcome and reason (403s included) and its validation times; all zero
     * with {@code metrics=false}.
     */
    public DecisionMetrics metrics() {
        return metrics;
    }

    /** The key sets of the tenants' issuers held now (empty for an engine that is not tenant-bound). */
    public List<ResilientHttpsJwks> tenantKeySets() {
        return tenants == null ? List.of() : tenants.keySets();
    }

    /**
     * Tells {@code listener} about the tenant issuers this tenant-bound engine holds now and those it
     * takes up and lets go later (for their metrics); nothing for other engines.
     */
    public void addTenantListener(TenantIssuers.Listener listener) {
        if (tenants != null) {
            tenants.addListener(listener);
        }
    }

    /** Stops telling {@code listener}. */
    public void removeTenantListener(TenantIssuers.Listener listener) {
        if (tenants != null) {
            tenants.removeListener(listener);
        }
    }

    /**
     * The step-up requirement (RFC 9470) of this engine at {@code path} (inside the application):
     * {@code required-acr} and {@code max-auth-age}, or their {@code [PATTERN]} forms for the most specific
     * pattern matching the path; {@link StepUp#NONE} when there is none.
     */
    public StepUp stepUp(String path) {
        return stepUps.forPath(path);
    }

    /** Whether {@code path} (inside the application) is one the filter checks. */
    public boolean isProtected(String path) {
        return config.enabled() && paths.isProtected(path);
    }

    /**
     * The whole decision for one request at {@code path}: unprotected paths proceed untouched;
     * otherwise the outcome decides, with the mode for requests without a token (an unknown tenant is
     * 404 in either mode).
     */
    public Decision decide(String path, BearerRequest request) {
        if (!isProtected(path)) {
            return Decision.ANONYMOUS;
        }
        return decide(authenticate(path, request));
    }

    /**
     * The headers to add to the application's response to a request {@code principal} was accepted for:
     * with {@code dpop-nonce=required}, a fresh {@code DPoP-Nonce} for a DPoP-authenticated caller (RFC
     * 9449 §8.2); otherwise none. Every adapter sets them before the application runs.
     */
    public Map<String, String> responseHeaders(JwtPrincipal principal) {
        Optional<String> nonce = senders.nonceFor(principal.scheme());
        return nonce.isEmpty() ? Map.of() : Map.of(SenderConstraint.NONCE_HEADER, nonce.get());
    }

    /** The decision for an outcome on a protected path. */
    public Decision decide(Outcome outcome) {
        if (outcome instanceof Outcome.Authenticated a) {
            return new Decision.Proceed(Optional.of(a.principal()), Optional.of(policy));
        }
        if (outcome instanceof Outcome.Rejected r) {
            ErrorResponse response = responses.rejected(r.reason(), r.scheme());
            Optional<String> nonce = r.reason() == org.jwtgate.error.Reason.DPOP_NONCE_REQUIRED
                    ? senders.nonceFor(r.scheme()) : Optional.empty();
            return new Decision.Respond(nonce.isEmpty() ? response
                    : response.withHeader(SenderConstraint.NONCE_HEADER, nonce.get()));
        }
        if (outcome instanceof Outcome.KeysUnavailable) {
            return new Decision.Respond(responses.keysUnavailable());
        }
        if (outcome instanceof Outcome.UnknownTenant) {
            return new Decision.Respond(responses.unknownTenant());
        }
        return config.mode() == Mode.OPTIONAL ? Decision.ANONYMOUS : new Decision.Respond(responses.noCredentials());
    }

    /**
     * An adapter's last resort, for a {@link RuntimeException} that escaped this engine while
     * deciding a request (a bug: request content always yields an outcome). Reports it through an
     * {@link InternalErrorLog} (one line per exception class and minute, class name only) and
     * returns {@link ErrorResponses#internalError()}, which the adapter writes like any refusal
     * instead of letting the container render its own error page.
     *
     * @param activity what the adapter was doing, a fixed text, e.g. {@code "checking a bearer token
     *     in the servlet filter"}
     */
    public ErrorResponse internalError(String activity, RuntimeException error) {
        internalErrors.report(activity, error);
        return responses.internalError();
    }

    @Override
    public void close() {
        signatures.close();
        if (refresher != null) {
            refresher.shutdownNow();
            // Wait for a fetch in flight (socket reads do not answer interrupts): a thread still running
            // after an undeploy pins the application's class loader, and Tomcat reports it as a leak.
            Duration bound = config.jwksConnectTimeout().plus(config.jwksReadTimeout()).plusSeconds(1);
            long deadline = System.nanoTime() + bound.toNanos();
            try {
                // Terminated is not yet gone: the worker still leaves its run loop, so wait for the threads.
                boolean stopped = refresher.awaitTermination(bound.toMillis(), TimeUnit.MILLISECONDS);
                for (Thread t : refresherThreads) {
                    if (t == Thread.currentThread()) {
                        continue;
                    }
                    long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                    if (left > 0) {
                        t.join(left);
                    }
                    stopped &= !t.isAlive();
                }
                if (!stopped) {
                    LOG.log(Level.WARNING, "jwtgate: the key refresh thread did not stop within {0} ms", bound.toMillis());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
