package org.jwtgate.metrics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import org.jwtgate.Outcome;
import org.jwtgate.error.BearerErrorCode;
import org.jwtgate.error.Reason;

/**
 * One engine's decisions by outcome and reason, and its validation latency with and without the
 * verified-token cache. Recorded by the engine once per outcome ({@link #record}); by the renderer of
 * 403s once per refusal ({@link #forbidden}). Lock-free ({@link LongAdder}s), allocation-free.
 */
public final class DecisionMetrics {
    private final LongAdder authenticated = new LongAdder();
    private final LongAdder noCredentials = new LongAdder();
    private final LongAdder keysUnavailable = new LongAdder();
    private final LongAdder unknownTenant = new LongAdder();
    private final LongAdder[] byReason = new LongAdder[Reason.values().length];
    private final LatencyHistogram cached = new LatencyHistogram();
    private final LatencyHistogram uncached = new LatencyHistogram();

    public DecisionMetrics() {
        for (int i = 0; i < byReason.length; i++) {
            byReason[i] = new LongAdder();
        }
    }

    /** Counts one outcome; returns it. */
    public Outcome record(Outcome outcome) {
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
        return outcome;
    }

    /** Counts one 403 ({@code insufficient_scope}) for {@code reason}. */
    public void forbidden(Reason reason) {
        byReason[reason.ordinal()].increment();
    }

    /** Records the time of a validation answered from the verified-token cache. */
    public void cached(long nanos) {
        cached.record(nanos);
    }

    /** Records the time of a validation that verified the token (accepted or not). */
    public void uncached(long nanos) {
        uncached.record(nanos);
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

    /** The meters: {@code jwtgate.decisions} per outcome and reason, {@code jwtgate.validation} per cache use. */
    public List<Meter> meters(Map<String, String> base) {
        List<Meter> meters = new ArrayList<>();
        String decided = "Decisions taken by the engine, by outcome and reason";
        for (String outcome : List.of(AUTHENTICATED, NO_CREDENTIALS, KEYS_UNAVAILABLE, UNKNOWN_TENANT)) {
            meters.add(new Meter.Counter("jwtgate.decisions", decided, with(base, "outcome", outcome, "reason", "none"),
                    () -> count(outcome, null)));
        }
        for (Reason r : Reason.values()) {
            meters.add(new Meter.Counter("jwtgate.decisions", decided, with(base, "outcome", outcomeOf(r), "reason", tag(r)),
                    () -> count(outcomeOf(r), r)));
        }
        String help = "Time to validate a token: cache=miss every validation that verified a token, cache=hit a sample of "
                + "1 in " + org.jwtgate.validation.TokenValidator.SAMPLED_HITS + " cache hits (count them with jwtgate.token.cache.hits)";
        meters.add(new Meter.Timer("jwtgate.validation", help, with(base, "cache", "hit"), cached));
        meters.add(new Meter.Timer("jwtgate.validation", help, with(base, "cache", "miss"), uncached));
        return meters;
    }

    static Map<String, String> with(Map<String, String> base, String... pairs) {
        Map<String, String> tags = new LinkedHashMap<>(base);
        for (int i = 0; i < pairs.length; i += 2) {
            tags.put(pairs[i], pairs[i + 1]);
        }
        return tags;
    }
}
