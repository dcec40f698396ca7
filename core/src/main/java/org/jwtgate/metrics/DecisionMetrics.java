package org.jwtgate.metrics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.jwtgate.Outcome;
import org.jwtgate.error.BearerErrorCode;
import org.jwtgate.error.Reason;

/**
 * One engine's decisions by outcome and reason and its validation latency with and without the
 * verified-token cache, in total and per trusted issuer. A decision (and the time of its validation) is
 * counted in the engine's total and in one {@link Counts}: the trusted issuer's that decided it (a
 * configured issuer, or a tenant issuer held by the engine), or the {@link #UNATTRIBUTED} bucket
 * ({@code issuer=""}) for everything else — no token, a malformed one, an untrusted or unknown issuer, an
 * unknown tenant. Issuer tags therefore come from the engine's own trusted issuers only, never from a
 * token, and their number is bounded by the configured issuers plus {@code tenant-cache-size}. Lock-free
 * ({@link LongAdder}s), allocation-free.
 */
public final class DecisionMetrics {
    /** The issuer tag value of decisions no trusted issuer took. */
    public static final String UNATTRIBUTED = "";

    private final Counts total = new Counts();
    private final Counts unattributed = new Counts();
    private final Map<String, Counts> configured = new LinkedHashMap<>();
    /** Configured issuers and the tenant issuers held now, for 403s (decided after authentication, by the issuer's name). */
    private final Map<String, Counts> byIssuer = new ConcurrentHashMap<>();

    /**
     * Decisions by outcome and reason and validation times with and without the cache, of one issuer (or of
     * none, or in total).
     */
    public static final class Counts {
        private final LatencyHistogram cached = new LatencyHistogram();
        private final LatencyHistogram uncached = new LatencyHistogram();
        private final LongAdder authenticated = new LongAdder();
        private final LongAdder noCredentials = new LongAdder();
        private final LongAdder keysUnavailable = new LongAdder();
        private final LongAdder unknownTenant = new LongAdder();
        private final LongAdder[] byReason = new LongAdder[Reason.values().length];

        public Counts() {
            for (int i = 0; i < byReason.length; i++) {
                byReason[i] = new LongAdder();
            }
        }

        void add(Outcome outcome) {
            if (outcome instanceof Outcome.Authenticated) {
                authenticated.increment();
            } else if (outcome instanceof Outcome.Rejected r) {
                byReason[r.reason().ordinal()].increment();
            } else if (outcome instanceof Outcome.NoCredentials) {
                noCredentials.increment();
            } else if (outcome instanceof Outcome.KeysUnavailable) {
                keysUnavailable.increment();
            } else if (outcome instanceof Outcome.UnknownTenant) {
                unknownTenant.increment();
            }
        }

        /** Decisions with {@code outcome} (for rejections and 403s: with {@code reason}). */
        public long count(String outcome, Reason reason) {
            return switch (outcome) {
                case AUTHENTICATED -> authenticated.sum();
                case NO_CREDENTIALS -> noCredentials.sum();
                case KEYS_UNAVAILABLE -> keysUnavailable.sum();
                case UNKNOWN_TENANT -> unknownTenant.sum();
                default -> byReason[reason.ordinal()].sum();
            };
        }

        /** Validation times answered from the verified-token cache (a sample of the hits). */
        public LatencyHistogram cached() {
            return cached;
        }

        /** Validation times of the validations that verified a token, accepted or not. */
        public LatencyHistogram uncached() {
            return uncached;
        }

        /**
         * The {@code jwtgate.decisions} counters of these counts, tagged {@code base} plus outcome and reason,
         * and their {@code jwtgate.validation} timers, tagged {@code base} plus {@code cache}.
         */
        public List<Meter> meters(Map<String, String> base) {
            List<Meter> meters = new ArrayList<>();
            String decided = "Decisions taken by the engine, by issuer, outcome and reason";
            for (String outcome : List.of(AUTHENTICATED, NO_CREDENTIALS, KEYS_UNAVAILABLE, UNKNOWN_TENANT)) {
                meters.add(new Meter.Counter("jwtgate.decisions", decided, with(base, "outcome", outcome, "reason", "none"),
                        () -> count(outcome, null)));
            }
            for (Reason r : Reason.values()) {
                meters.add(new Meter.Counter("jwtgate.decisions", decided, with(base, "outcome", outcomeOf(r), "reason", tag(r)),
                        () -> count(outcomeOf(r), r)));
            }
            String timed = "Time to validate a token: cache=miss every validation that verified a token, cache=hit a sample of "
                    + "1 in " + org.jwtgate.validation.TokenValidator.SAMPLED_HITS + " cache hits (count them with "
                    + "jwtgate.token.cache.hits)";
            meters.add(new Meter.Timer("jwtgate.validation", timed, with(base, "cache", "hit"), cached));
            meters.add(new Meter.Timer("jwtgate.validation", timed, with(base, "cache", "miss"), uncached));
            return meters;
        }
    }

    /** Counts one outcome no trusted issuer took; returns it. */
    public Outcome record(Outcome outcome) {
        total.add(outcome);
        unattributed.add(outcome);
        return outcome;
    }

    /** Counts one outcome taken for a trusted issuer ({@code issuer} null: for none); returns it. */
    public Outcome record(Outcome outcome, Counts issuer) {
        total.add(outcome);
        (issuer == null ? unattributed : issuer).add(outcome);
        return outcome;
    }

    /**
     * The counts of configured issuer {@code iss} (made once, exposed with the engine's meters). Called with
     * configuration only.
     */
    public synchronized Counts configured(String iss) {
        return configured.computeIfAbsent(iss, k -> {
            Counts c = new Counts();
            byIssuer.put(k, c);
            return c;
        });
    }

    /** New counts for a tenant issuer the engine took up (exposed with its key set while it is held). */
    public Counts tenant(String iss) {
        Counts c = new Counts();
        byIssuer.put(iss, c);
        return c;
    }

    /** A tenant issuer was let go: its counts are no longer those of its name. */
    public void released(String iss, Counts counts) {
        byIssuer.remove(iss, counts);
    }

    /** Counts one 403 ({@code insufficient_scope}) for {@code reason}, unattributed. */
    public void forbidden(Reason reason) {
        forbidden(reason, null);
    }

    /**
     * Counts one 403 for {@code reason} of a caller accepted for {@code issuer} (the principal's, that is a
     * trusted issuer's name): attributed to it while the engine holds it, else unattributed. Only looked up.
     */
    public void forbidden(Reason reason, String issuer) {
        Counts c = issuer == null ? null : byIssuer.get(issuer);
        total.byReason[reason.ordinal()].increment();
        (c == null ? unattributed : c).byReason[reason.ordinal()].increment();
    }

    /**
     * Records the time of a validation answered from the verified-token cache for a trusted issuer
     * ({@code issuer} null: for none), in the engine's total and the issuer's.
     */
    public void cached(long nanos, Counts issuer) {
        total.cached.record(nanos);
        (issuer == null ? unattributed : issuer).cached.record(nanos);
    }

    /**
     * Counts the outcome of a validation that verified the token (accepted or not) and records its time
     * {@code nanos}, for the trusted issuer that decided it ({@code issuer} null: for none); returns it.
     */
    public Outcome verified(Outcome outcome, Counts issuer, long nanos) {
        Counts c = issuer == null ? unattributed : issuer;
        total.add(outcome);
        c.add(outcome);
        total.uncached.record(nanos);
        c.uncached.record(nanos);
        return outcome;
    }

    /** The engine's decisions with {@code outcome} (for rejections and 403s: with {@code reason}), all issuers. */
    public long count(String outcome, Reason reason) {
        return total.count(outcome, reason);
    }

    /** The engine's decisions, all issuers and none. */
    public Counts totals() {
        return total;
    }

    /** The decisions no trusted issuer took. */
    public Counts unattributed() {
        return unattributed;
    }

    /** The outcome tag of a reason: {@code rejected} (400/401) or {@code forbidden} (403). */
    public static String outcomeOf(Reason reason) {
        return reason.code() == BearerErrorCode.INSUFFICIENT_SCOPE ? FORBIDDEN : REJECTED;
    }

    /** A reason as a tag value: its name in lower case, e.g. {@code unknown_key}. */
    public static String tag(Reason reason) {
        return reason.name().toLowerCase(Locale.ROOT);
    }

    static final String AUTHENTICATED = "authenticated";
    static final String NO_CREDENTIALS = "no_credentials";
    static final String KEYS_UNAVAILABLE = "keys_unavailable";
    static final String UNKNOWN_TENANT = "unknown_tenant";
    static final String REJECTED = "rejected";
    static final String FORBIDDEN = "forbidden";

    /**
     * The meters for a registry, per issuer ({@link #UNATTRIBUTED} and each configured issuer; tenant issuers
     * come with their key sets): {@code jwtgate.decisions} by outcome and reason, {@code jwtgate.validation}
     * by cache use. Every meter of one name has the same tag keys.
     */
    public List<Meter> meters(Map<String, String> base) {
        List<Meter> meters = new ArrayList<>(unattributed.meters(with(base, "issuer", UNATTRIBUTED)));
        synchronized (this) {
            configured.forEach((iss, c) -> meters.addAll(c.meters(with(base, "issuer", iss))));
        }
        return meters;
    }

    /** The engine's decisions and validation times over all issuers, untagged by issuer (for its JMX MBean). */
    public List<Meter> totals(Map<String, String> base) {
        return total.meters(base);
    }

    static Map<String, String> with(Map<String, String> base, String... pairs) {
        Map<String, String> tags = new LinkedHashMap<>(base);
        for (int i = 0; i < pairs.length; i += 2) {
            tags.put(pairs[i], pairs[i + 1]);
        }
        return tags;
    }
}
