package org.jwtgate.validation;

import org.jwtgate.internal.RecordMethods;

/**
 * A snapshot of the verified-token cache's counters since the engine was created (all zero when the
 * cache is off, {@code token-cache=false}).
 *
 * @param hits validations answered from the cache
 * @param misses validations that went through signature verification (including refused tokens)
 * @param evictions entries removed to respect {@code token-cache-size} or {@code token-cache-memory},
 *     or found expired, or whose signing key left the issuer's key set
 * @param size entries held now
 * @param estimatedBytes estimated heap held by the entries now
 */
public record TokenCacheStats(long hits, long misses, long evictions, long size, long estimatedBytes) {

    /** The counters of a disabled cache. */
    public static final TokenCacheStats DISABLED = new TokenCacheStats(0, 0, 0, 0, 0);

    /** Hits among all lookups, 0 when there were none. */
    public double hitRate() {
        long all = hits + misses;
        return all == 0 ? 0 : (double) hits / all;
    }

    // Written out rather than generated: see "Class loader leaks" in docs/modules.md.
    @Override
    public boolean equals(Object o) {
        return o == this || o instanceof TokenCacheStats that
                && hits == that.hits
                && misses == that.misses
                && evictions == that.evictions
                && size == that.size
                && estimatedBytes == that.estimatedBytes;
    }

    @Override
    public int hashCode() {
        return RecordMethods.hash(hits, misses, evictions, size, estimatedBytes);
    }

    @Override
    public String toString() {
        return RecordMethods.toString(this);
    }
}
