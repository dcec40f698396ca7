package org.jwtgate.metrics;

import java.util.concurrent.atomic.LongAdder;

/**
 * One key publisher's counters: key sets served, store read errors. Signatures are counted by its
 * {@code TokenSigner}, rotations by its store when they happen ({@code TenantKeyStore.rotations()});
 * tenants and keys by state are read from the store when asked.
 */
public final class PublisherMetrics {
    private final LongAdder served = new LongAdder();
    private final LongAdder storeErrors = new LongAdder();
    private volatile boolean lastReadFailed;

    /** A tenant's key set or discovery document was served. */
    public void served() {
        served.increment();
        lastReadFailed = false;
    }

    /** The store could not be read (503). */
    public void storeError() {
        storeErrors.increment();
        lastReadFailed = true;
    }

    public long servedCount() {
        return served.sum();
    }

    public long storeErrors() {
        return storeErrors.sum();
    }

    /** Whether the most recent read of the store failed. */
    public boolean lastReadFailed() {
        return lastReadFailed;
    }
}
