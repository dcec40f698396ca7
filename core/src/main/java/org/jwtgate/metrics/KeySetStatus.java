package org.jwtgate.metrics;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.jwtgate.internal.RecordMethods;

/**
 * One issuer's key set as it is now.
 *
 * @param issuer the configured issuer
 * @param health {@link Health#UP}: fresh keys, or none fetched yet and no failure (keys are fetched by the
 *     first token that needs them); {@link Health#DEGRADED}: the issuer fails and the last good keys serve
 *     past their expiry, within {@code jwks-max-staleness}; {@link Health#DOWN}: the issuer fails and no
 *     usable keys are held (its tokens get 503)
 * @param loaded whether keys were ever fetched
 * @param failing whether the last fetch failed
 * @param keys usable signature keys held
 * @param ageSeconds since the keys held were fetched (0 before)
 * @param staleSeconds since the keys held expired, while the issuer fails (0 otherwise)
 */
public record KeySetStatus(String issuer, Health health, boolean loaded, boolean failing, int keys, double ageSeconds,
        double staleSeconds) {
    public KeySetStatus {
        Objects.requireNonNull(issuer, "issuer");
        Objects.requireNonNull(health, "health");
    }

    /** For a health report: no URL, no key material. */
    public Map<String, Object> details() {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("loaded", loaded);
        d.put("failing", failing);
        d.put("keys", keys);
        d.put("ageSeconds", Math.round(ageSeconds));
        d.put("staleSeconds", Math.round(staleSeconds));
        return d;
    }

    // Written out rather than generated: see "Class loader leaks" in docs/modules.md.
    @Override
    public boolean equals(Object o) {
        return o == this || o instanceof KeySetStatus that
                && Objects.equals(issuer, that.issuer)
                && Objects.equals(health, that.health)
                && loaded == that.loaded
                && failing == that.failing
                && keys == that.keys
                && Double.compare(ageSeconds, that.ageSeconds) == 0
                && Double.compare(staleSeconds, that.staleSeconds) == 0;
    }

    @Override
    public int hashCode() {
        return RecordMethods.hash(issuer, health, loaded, failing, keys, ageSeconds, staleSeconds);
    }

    @Override
    public String toString() {
        return RecordMethods.toString(this);
    }
}
