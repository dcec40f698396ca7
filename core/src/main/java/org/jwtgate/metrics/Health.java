package org.jwtgate.metrics;

/** The state of a key set, a publisher or a whole application, for readiness probes. */
public enum Health {
    /** Working: fresh keys (or none needed yet), a readable store. */
    UP,
    /** Working on borrowed time: an issuer is down and its last good keys serve stale, within {@code jwks-max-staleness}. */
    DEGRADED,
    /** Not working: an issuer's keys are unavailable (503 for its tokens), or a publisher's store is unreadable. */
    DOWN;

    /** The worse of the two. */
    public Health and(Health other) {
        return other.ordinal() > ordinal() ? other : this;
    }

    /** The HTTP status a probe answers with: 503 only when {@link #DOWN} (stale keys still serve). */
    public int httpStatus() {
        return this == DOWN ? 503 : 200;
    }
}
