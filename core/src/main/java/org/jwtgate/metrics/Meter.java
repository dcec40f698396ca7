package org.jwtgate.metrics;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;

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
            int h = Objects.hashCode(name);
            h = 31 * h + Objects.hashCode(description);
            h = 31 * h + Objects.hashCode(tags);
            h = 31 * h + Objects.hashCode(value);
            return h;
        }

        @Override
        public String toString() {
            return "Counter[name=" + Objects.toString(name)
                    + ", description=" + Objects.toString(description)
                    + ", tags=" + Objects.toString(tags)
                    + ", value=" + Objects.toString(value) + "]";
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
            int h = Objects.hashCode(name);
            h = 31 * h + Objects.hashCode(description);
            h = 31 * h + Objects.hashCode(unit);
            h = 31 * h + Objects.hashCode(tags);
            h = 31 * h + Objects.hashCode(value);
            return h;
        }

        @Override
        public String toString() {
            return "Gauge[name=" + Objects.toString(name)
                    + ", description=" + Objects.toString(description)
                    + ", unit=" + Objects.toString(unit)
                    + ", tags=" + Objects.toString(tags)
                    + ", value=" + Objects.toString(value) + "]";
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
            int h = Objects.hashCode(name);
            h = 31 * h + Objects.hashCode(description);
            h = 31 * h + Objects.hashCode(tags);
            h = 31 * h + Objects.hashCode(histogram);
            return h;
        }

        @Override
        public String toString() {
            return "Timer[name=" + Objects.toString(name)
                    + ", description=" + Objects.toString(description)
                    + ", tags=" + Objects.toString(tags)
                    + ", histogram=" + Objects.toString(histogram) + "]";
        }
    }
}
