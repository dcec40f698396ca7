package org.jwtgate.metrics;

import java.util.concurrent.atomic.LongAdder;

/**
 * One key publisher's counters: key sets served, new keys seen published (rotations, explicit or
 * scheduled, counted when the publisher first serves the changed set), store read errors. Signatures
 * are counted by its {@code TokenSigner}; tenants and keys by state are read from the store when asked.
 */
public final class PublisherMetrics {
    private final LongAdder served = new LongAdder();
    private final LongAdder rotations = new LongAdder();
    private final LongAdder storeErrors = new LongAdder();
    private volatile boolean lastReadFailed;

    /** A tenant's key set or discovery document was served. */
    public void served() {
        served.increment();
        lastReadFailed = false;
    }

    /** A tenant's key set changed since it was last served and holds a key not published before. */
    public void rotation() {
        rotations.increment();
    }

    /** The store could not be read (503). */
    public void storeError() {
        storeErrors.increment();
        lastReadFailed = true;
    }

    public long servedCount() {
        return served.sum();
    }

    public long rotations() {
        return rotations.sum();
    }

    public long storeErrors() {
        return storeErrors.sum();
    }

    /** Whether the most recent read of the store failed. */
    public boolean lastReadFailed() {
        return lastReadFailed;
    }
}
