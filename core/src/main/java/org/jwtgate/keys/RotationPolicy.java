package org.jwtgate.keys;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jwtgate.internal.RecordMethods;

/**
 * The key rotation schedule, as a pure function of each key's {@code activeFrom} and the current
 * time, so that every store (and every node sharing one) derives the same states.
 *
 * <p>The key with the latest {@code activeFrom} not after now is {@link KeyState#ACTIVE}; keys
 * activating later are {@link KeyState#PENDING}; earlier keys are {@link KeyState#RETIRED} from the
 * {@code activeFrom} of their successor, and removed {@code grace} after that. When the active key
 * has signed for {@code period - lead}, a new pending key is due; it activates at
 * {@code activeFrom + period}, but never less than {@code lead} after it is first published.
 *
 * @param period how long a key signs before the next one takes over; zero: no scheduled rotation
 * @param lead how long a new key is published before it signs (at least twice the JWKS max-age, so
 *     that every cache has it first)
 * @param grace how long a retired key stays published (at least the longest token lifetime plus the
 *     JWKS max-age, so that tokens it signed validate until they expire)
 */
public record RotationPolicy(Duration period, Duration lead, Duration grace) {
    private static final Duration FOREVER = Duration.ofDays(3_650_000);

    public RotationPolicy {
        Objects.requireNonNull(period, "period");
        Objects.requireNonNull(lead, "lead");
        Objects.requireNonNull(grace, "grace");
        if (period.isNegative() || lead.isNegative() || grace.isNegative()) {
            throw new IllegalArgumentException("durations must not be negative");
        }
    }

    /** No scheduled rotation and no removal: states only (for stores an operator rotates by hand). */
    public static RotationPolicy manual() {
        return new RotationPolicy(Duration.ZERO, Duration.ZERO, FOREVER);
    }

    /** A key's identity and activation time, the only inputs of the schedule. */
    public record Timed(String kid, Instant activeFrom) {
        // Written out rather than generated: see "Class loader leaks" in docs/modules.md.
        @Override
        public boolean equals(Object o) {
            return o == this || o instanceof Timed that
                    && Objects.equals(kid, that.kid)
                    && Objects.equals(activeFrom, that.activeFrom);
        }

        @Override
        public int hashCode() {
            return RecordMethods.hash(kid, activeFrom);
        }

        @Override
        public String toString() {
            return RecordMethods.toString(this);
        }
    }

    /** One published key's state. */
    public record Entry(String kid, KeyState state, Instant activeFrom, Optional<Instant> retiredAt) {
        // Written out rather than generated: see "Class loader leaks" in docs/modules.md.
        @Override
        public boolean equals(Object o) {
            return o == this || o instanceof Entry that
                    && Objects.equals(kid, that.kid)
                    && Objects.equals(state, that.state)
                    && Objects.equals(activeFrom, that.activeFrom)
                    && Objects.equals(retiredAt, that.retiredAt);
        }

        @Override
        public int hashCode() {
            return RecordMethods.hash(kid, state, activeFrom, retiredAt);
        }

        @Override
        public String toString() {
            return RecordMethods.toString(this);
        }
    }

    /**
     * The schedule applied at {@code now}.
     *
     * @param published the keys to publish, active first, then pending (soonest first), then retired
     *     (newest first)
     * @param removed kids whose grace has ended: the store deletes them
     * @param newPendingActiveFrom when a new pending key is due, its {@code activeFrom}: the store
     *     creates it
     */
    public record Plan(List<Entry> published, List<String> removed, Optional<Instant> newPendingActiveFrom) {
        /** Whether the store has something to write. */
        public boolean changes() {
            return !removed.isEmpty() || newPendingActiveFrom.isPresent();
        }

        /** The active entry, if any key exists. */
        public Optional<Entry> active() {
            return published.stream().filter(e -> e.state() == KeyState.ACTIVE).findFirst();
        }

        /** The first pending entry, if any. */
        public Optional<Entry> pending() {
            return published.stream().filter(e -> e.state() == KeyState.PENDING).findFirst();
        }

        // Written out rather than generated: see "Class loader leaks" in docs/modules.md.
        @Override
        public boolean equals(Object o) {
            return o == this || o instanceof Plan that
                    && Objects.equals(published, that.published)
                    && Objects.equals(removed, that.removed)
                    && Objects.equals(newPendingActiveFrom, that.newPendingActiveFrom);
        }

        @Override
        public int hashCode() {
            return RecordMethods.hash(published, removed, newPendingActiveFrom);
        }

        @Override
        public String toString() {
            return RecordMethods.toString(this);
        }
    }

    /** Applies the schedule to {@code keys} at {@code now}. */
    public Plan plan(Collection<Timed> keys, Instant now) {
        List<Timed> sorted = new ArrayList<>(keys);
        sorted.sort(Comparator.comparing(Timed::activeFrom).thenComparing(Timed::kid));
        int active = -1;
        for (int i = 0; i < sorted.size(); i++) {
            if (!sorted.get(i).activeFrom().isAfter(now)) {
                active = i;
            }
        }
        if (active < 0 && !sorted.isEmpty()) {
            active = 0; // the clock went back before the first key: it is still the one that signed
        }
        List<Entry> published = new ArrayList<>();
        List<String> removed = new ArrayList<>();
        if (active >= 0) {
            Timed a = sorted.get(active);
            published.add(new Entry(a.kid(), KeyState.ACTIVE, a.activeFrom(), Optional.empty()));
        }
        for (int i = active + 1; i < sorted.size(); i++) {
            Timed p = sorted.get(i);
            published.add(new Entry(p.kid(), KeyState.PENDING, p.activeFrom(), Optional.empty()));
        }
        for (int i = active - 1; i >= 0; i--) {
            Timed r = sorted.get(i);
            Instant retiredAt = sorted.get(i + 1).activeFrom();
            if (now.isBefore(retiredAt.plus(grace))) {
                published.add(new Entry(r.kid(), KeyState.RETIRED, r.activeFrom(), Optional.of(retiredAt)));
            } else {
                removed.add(r.kid());
            }
        }
        Optional<Instant> due = Optional.empty();
        if (active >= 0 && active == sorted.size() - 1 && !period.isZero()) {
            Instant scheduled = sorted.get(active).activeFrom().plus(period);
            if (!now.isBefore(scheduled.minus(lead))) {
                Instant earliest = now.plus(lead);
                due = Optional.of(scheduled.isAfter(earliest) ? scheduled : earliest);
            }
        }
        return new Plan(List.copyOf(published), List.copyOf(removed), due);
    }

    /**
     * An explicit rotation at {@code now}: the {@code activeFrom} of the new pending key, or empty
     * when a pending key exists already.
     */
    public Optional<Instant> explicitRotation(Collection<Timed> keys, Instant now) {
        Plan plan = plan(keys, now);
        return plan.pending().isPresent() ? Optional.empty() : Optional.of(now.plus(lead));
    }

    // Written out rather than generated: see "Class loader leaks" in docs/modules.md.
    @Override
    public boolean equals(Object o) {
        return o == this || o instanceof RotationPolicy that
                && Objects.equals(period, that.period)
                && Objects.equals(lead, that.lead)
                && Objects.equals(grace, that.grace);
    }

    @Override
    public int hashCode() {
        return RecordMethods.hash(period, lead, grace);
    }

    @Override
    public String toString() {
        return RecordMethods.toString(this);
    }
}
