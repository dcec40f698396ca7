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
    }

    /** A value read from state when asked, in {@code unit} ({@code seconds}, {@code bytes}, or none: a number). */
    record Gauge(String name, String description, String unit, Map<String, String> tags, DoubleSupplier value) implements Meter {
        public Gauge {
            Objects.requireNonNull(name, "name");
            tags = Collections.unmodifiableMap(new LinkedHashMap<>(tags));
        }
    }

    /** Durations, in seconds. */
    record Timer(String name, String description, Map<String, String> tags, LatencyHistogram histogram) implements Meter {
        public Timer {
            Objects.requireNonNull(name, "name");
            tags = Collections.unmodifiableMap(new LinkedHashMap<>(tags));
        }
    }
}
