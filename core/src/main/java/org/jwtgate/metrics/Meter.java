package org.jwtgate.metrics;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;
import org.jwtgate.internal.RecordMethods;

/**
 * One metric, read lazily: a counter (monotonic), a gauge (read from state when asked) or a timer (a
 * {@link LatencyHistogram}). Names are dotted ({@code jwtgate.jwks.fetches}); tags are fixed at
 * creation and come from configuration only ({@code engine}, {@code issuer}, {@code tenant} of a
 * store) or from closed sets ({@code outcome}, {@code reason}, {@code result}), never from a token.
 */
public sealed interface Meter {

    /** The dotted name. */
    String name();

    /** What it means, for a registry's help text. */
    String description();

    /** The tags, in order. */
    Map<String, String> tags();

    /** A monotonic count. */
    record Counter(String name, String description, Map<String, String> tags, LongSupplier value) implements Meter {
        public Counter {
            Objects.requireNonNull(name, "name");
            tags = Collections.unmodifiableMap(new LinkedHashMap<>(tags));
        }

        // Written out rather than generated: see "Class loader leaks" in docs/modules.md.
        @Override
        public boolean equals(Object o) {
            return o == this || o instanceof Counter that
                    && Objects.equals(name, that.name)
                    && Objects.equals(description, that.description)
                    && Objects.equals(tags, that.tags)
                    && Objects.equals(value, that.value);
        }

        @Override
        public int hashCode() {
            return RecordMethods.hash(name, description, tags, value);
        }

        @Override
        public String toString() {
            return RecordMethods.toString(this);
        }
    }

    /** A value read from state when asked, in {@code unit} ({@code seconds}, {@code bytes}, or none: a number). */
    record Gauge(String name, String description, String unit, Map<String, String> tags, DoubleSupplier value) implements Meter {
        public Gauge {
            Objects.requireNonNull(name, "name");
            tags = Collections.unmodifiableMap(new LinkedHashMap<>(tags));
        }

        // Written out rather than generated: see "Class loader leaks" in docs/modules.md.
        @Override
        public boolean equals(Object o) {
            return o == this || o instanceof Gauge that
                    && Objects.equals(name, that.name)
                    && Objects.equals(description, that.description)
                    && Objects.equals(unit, that.unit)
                    && Objects.equals(tags, that.tags)
                    && Objects.equals(value, that.value);
        }

        @Override
        public int hashCode() {
            return RecordMethods.hash(name, description, unit, tags, value);
        }

        @Override
        public String toString() {
            return RecordMethods.toString(this);
        }
    }

    /** Durations, in seconds. */
    record Timer(String name, String description, Map<String, String> tags, LatencyHistogram histogram) implements Meter {
        public Timer {
            Objects.requireNonNull(name, "name");
            tags = Collections.unmodifiableMap(new LinkedHashMap<>(tags));
        }

        // Written out rather than generated: see "Class loader leaks" in docs/modules.md.
        @Override
        public boolean equals(Object o) {
            return o == this || o instanceof Timer that
                    && Objects.equals(name, that.name)
                    && Objects.equals(description, that.description)
                    && Objects.equals(tags, that.tags)
                    && Objects.equals(histogram, that.histogram);
        }

        @Override
        public int hashCode() {
            return RecordMethods.hash(name, description, tags, histogram);
        }

        @Override
        public String toString() {
            return RecordMethods.toString(this);
        }
    }
}
