package org.jwtgate.metrics;

import java.util.Objects;
import java.util.concurrent.atomic.LongAdder;
import org.jwtgate.internal.RecordMethods;

/**
 * A latency histogram with fixed buckets, cheap enough for the request path: one {@link LongAdder}
 * per bucket, the bucket found by a short binary search over {@link #BOUNDS_NANOS}, no allocation,
 * no lock. Counts are cumulative since creation (as Prometheus histograms are).
 */
public final class LatencyHistogram {
    /**
     * Upper bounds of the buckets, in nanoseconds: 1 µs to 10 s, about three per decade; a last,
     * unbounded bucket takes the rest.
     */
    static final long[] BOUNDS_NANOS = {
        1_000L, 2_500L, 5_000L, 10_000L, 25_000L, 50_000L, 100_000L, 250_000L, 500_000L,
        1_000_000L, 2_500_000L, 5_000_000L, 10_000_000L, 25_000_000L, 50_000_000L, 100_000_000L,
        250_000_000L, 500_000_000L, 1_000_000_000L, 2_500_000_000L, 5_000_000_000L, 10_000_000_000L,
    };

    private final LongAdder[] buckets = new LongAdder[BOUNDS_NANOS.length + 1];
    private final LongAdder sumNanos = new LongAdder();

    public LatencyHistogram() {
        for (int i = 0; i < buckets.length; i++) {
            buckets[i] = new LongAdder();
        }
    }

    /** Records one duration; a negative one (a clock going back) counts as zero. */
    public void record(long nanos) {
        long n = Math.max(0, nanos);
        int lo = 0;
        int hi = BOUNDS_NANOS.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (n <= BOUNDS_NANOS[mid]) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        buckets[lo].increment();
        sumNanos.add(n);
    }

    /** The counts now. */
    public Snapshot snapshot() {
        long[] counts = new long[buckets.length];
        long total = 0;
        for (int i = 0; i < counts.length; i++) {
            counts[i] = buckets[i].sum();
            total += counts[i];
        }
        return new Snapshot(counts, total, sumNanos.sum());
    }

    /** How many durations were recorded. */
    public long count() {
        long total = 0;
        for (LongAdder b : buckets) {
            total += b.sum();
        }
        return total;
    }

    /** The sum of the recorded durations, in seconds. */
    public double totalSeconds() {
        return sumNanos.sum() / 1e9;
    }

    /** The upper bounds of the buckets in seconds, the last ({@code +Inf}) left out. */
    public static double[] boundsSeconds() {
        double[] s = new double[BOUNDS_NANOS.length];
        for (int i = 0; i < s.length; i++) {
            s[i] = BOUNDS_NANOS[i] / 1e9;
        }
        return s;
    }

    /**
     * Counts read at one moment (each bucket read once; a concurrent record may show in the count but not
     * yet in the sum).
     *
     * @param counts per bucket, not cumulative, the last one unbounded
     * @param count all durations
     * @param sumNanos their sum
     */
    public record Snapshot(long[] counts, long count, long sumNanos) {
        public Snapshot {
            counts = counts.clone();
        }

        /** Per bucket, not cumulative, the last one unbounded. */
        @Override
        public long[] counts() {
            return counts.clone();
        }

        /**
         * The upper bound (seconds) of the bucket holding quantile {@code q} (0..1); {@code +Inf} when it
         * falls in the last bucket; 0 when nothing was recorded.
         */
        public double quantileUpperBound(double q) {
            if (count == 0) {
                return 0;
            }
            long rank = (long) Math.ceil(q * count);
            long seen = 0;
            for (int i = 0; i < counts.length; i++) {
                seen += counts[i];
                if (seen >= rank && seen > 0) {
                    return i < BOUNDS_NANOS.length ? BOUNDS_NANOS[i] / 1e9 : Double.POSITIVE_INFINITY;
                }
            }
            return Double.POSITIVE_INFINITY;
        }

        // Written out rather than generated: see "Class loader leaks" in docs/modules.md.
        @Override
        public boolean equals(Object o) {
            return o == this || o instanceof Snapshot that
                    && Objects.equals(counts, that.counts)
                    && count == that.count
                    && sumNanos == that.sumNanos;
        }

        @Override
        public int hashCode() {
            return RecordMethods.hash(counts, count, sumNanos);
        }

        @Override
        public String toString() {
            return RecordMethods.toString(this);
        }
    }
}
