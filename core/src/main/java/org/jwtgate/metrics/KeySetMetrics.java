package org.jwtgate.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import org.jwtgate.jwks.FetchResult;

/**
 * One issuer's key-set counters: fetches by {@link FetchResult} and their latency, unknown-{@code kid}
 * refreshes done and refused by the refresh interval, background refreshes. Recorded by the key set,
 * one call per event; its state (keys, age, staleness, health) is read when asked, from a
 * {@link KeySetStatus}.
 */
public final class KeySetMetrics {
    private final LongAdder[] fetches = new LongAdder[FetchResult.values().length];
    private final LatencyHistogram fetchTime = new LatencyHistogram();
    private final LongAdder unknownKidRefreshes = new LongAdder();
    private final LongAdder refusedRefreshes = new LongAdder();
    private final LongAdder backgroundRefreshes = new LongAdder();

    public KeySetMetrics() {
        for (int i = 0; i < fetches.length; i++) {
            fetches[i] = new LongAdder();
        }
    }

    /** One fetch of the key set (discovery included) ended with {@code result} after {@code nanos}. */
    public void fetched(FetchResult result, long nanos) {
        fetches[result.ordinal()].increment();
        fetchTime.record(nanos);
    }

    /** An unknown {@code kid} caused a fetch. */
    public void unknownKidRefresh() {
        unknownKidRefreshes.increment();
    }

    /** An unknown {@code kid} asked for a fetch and the refresh interval refused it. */
    public void refusedRefresh() {
        refusedRefreshes.increment();
    }

    /** The background refresher fetched ahead of expiry (or retried a failing issuer). */
    public void backgroundRefresh() {
        backgroundRefreshes.increment();
    }

    public long fetches(FetchResult result) {
        return fetches[result.ordinal()].sum();
    }

    public long unknownKidRefreshes() {
        return unknownKidRefreshes.sum();
    }

    public long refusedRefreshes() {
        return refusedRefreshes.sum();
    }

    public long backgroundRefreshes() {
        return backgroundRefreshes.sum();
    }

    public LatencyHistogram fetchTime() {
        return fetchTime;
    }

    /** The meters of this key set, tagged with {@code base} (engine, issuer). */
    public List<Meter> meters(Map<String, String> base, Supplier<KeySetStatus> status) {
        List<Meter> meters = new ArrayList<>();
        for (FetchResult r : FetchResult.values()) {
            meters.add(new Meter.Counter("jwtgate.jwks.fetches", "Fetches of the issuer's JWKS (and discovery document) by result",
                    DecisionMetrics.with(base, "result", r.tag()), () -> fetches(r)));
        }
        meters.add(new Meter.Timer("jwtgate.jwks.fetch", "Time to fetch the issuer's JWKS, failures included", base, fetchTime));
        meters.add(new Meter.Counter("jwtgate.jwks.refreshes", "Refreshes of the key set, by cause",
                DecisionMetrics.with(base, "cause", "unknown_kid"), this::unknownKidRefreshes));
        meters.add(new Meter.Counter("jwtgate.jwks.refreshes", "Refreshes of the key set, by cause",
                DecisionMetrics.with(base, "cause", "background"), this::backgroundRefreshes));
        meters.add(new Meter.Counter("jwtgate.jwks.refreshes.refused",
                "Fetches for an unknown kid refused: one per jwks-refresh-interval, none within 1 s of any fetch or while a failing "
                + "issuer's retry is not due (a kid flood, or a key not published yet)", base,
                this::refusedRefreshes));
        meters.add(new Meter.Gauge("jwtgate.jwks.keys", "Usable signature keys held", null, base, () -> status.get().keys()));
        meters.add(new Meter.Gauge("jwtgate.jwks.age", "Time since the keys held were fetched (0 before the first fetch)",
                "seconds", base, () -> status.get().ageSeconds()));
        meters.add(new Meter.Gauge("jwtgate.jwks.stale", "Time the keys held have been served past their expiry while the "
                + "issuer fails (0 when fresh)", "seconds", base, () -> status.get().staleSeconds()));
        meters.add(new Meter.Gauge("jwtgate.jwks.health", "Key-set health: 0 UP, 1 DEGRADED (serving stale keys), 2 DOWN "
                + "(keys unavailable)", null, base, () -> status.get().health().ordinal()));
        return meters;
    }
}
