package org.jwtgate.validation;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.security.Key;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;
import org.jwtgate.JwtPrincipal;
import org.jwtgate.jwks.KeysUnavailableException;
import org.jwtgate.jwks.ResilientHttpsJwks;

/**
 * Verified tokens by the SHA-256 of their text. An entry answers a token again only while the
 * uncached path would accept it too: before its deadline ({@code exp} plus skew, and at most the
 * maximum TTL after it was verified), with {@code exp}/{@code nbf}/{@code iat} checked against the
 * clock on every hit, and while the issuer's keys, as the resolver would see them now (fresh, or
 * stale within the staleness bound), still hold the key it was verified with under its {@code kid}.
 * Otherwise the entry is dropped and the token goes through full validation.
 *
 * <p>No token text is kept: entries hold the principal without its token, and a hit hands back the
 * request's own token. The key is the full 32-byte digest. The text is hashed as ISO-8859-1, which
 * is one-to-one on the base64url alphabet of the only tokens ever stored, and maps every other
 * character to '?', which is not in it.
 *
 * <p>Hits take one {@link ConcurrentHashMap} lookup and no lock. Inserts take a lock and evict in
 * CLOCK order (approximate LRU: a hit marks the entry, the sweep spares marked entries once), to
 * stay within both the entry bound and the estimated memory bound.
 */
final class TokenCache {
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
    private static final MessageDigest SHA_256;

    static {
        try {
            SHA_256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final ConcurrentHashMap<Digest, Entry> map;
    private final Entry[] ring;
    private final long maxBytes;
    private final long maxTtlMillis;
    private final Clock clock;
    private final ClockedTimeValidator time;
    private final ReentrantLock lock = new ReentrantLock();
    private final LongAdder hits = new LongAdder();
    private final LongAdder misses = new LongAdder();
    private final LongAdder evictions = new LongAdder();
    private int filled;
    private int hand;
    private long bytes;

    TokenCache(int maxEntries, long maxBytes, long maxTtlMillis, Clock clock, ClockedTimeValidator time) {
        this.map = new ConcurrentHashMap<>(Math.min(maxEntries, 1 << 16));
        this.ring = new Entry[maxEntries];
        this.maxBytes = maxBytes;
        this.maxTtlMillis = maxTtlMillis;
        this.clock = clock;
        this.time = time;
    }

    /**
     * The estimated heap of an entry whose claims JSON has {@code payloadChars} characters: the
     * compact claims, roles and scopes of its principal and the entry's own objects. Measured at about
     * 700 bytes for a typical access token of 280 characters (benchmarks' {@code CacheMemory}); two
     * bytes per character covers claims in UTF-16 too.
     */
    static int weight(int payloadChars) {
        return 300 + 2 * payloadChars;
    }

    /** The cache key of a token, given as its ISO-8859-1 bytes. */
    static Digest digest(byte[] token) {
        MessageDigest md;
        try {
            md = (MessageDigest) SHA_256.clone();
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException(e);
        }
        byte[] d = md.digest(token);
        return new Digest((long) LONGS.get(d, 0), (long) LONGS.get(d, 8), (long) LONGS.get(d, 16), (long) LONGS.get(d, 24));
    }

    /**
     * The entry — its principal (without token) and the trusted issuer it was accepted for — if the token
     * is cached and would be accepted now within {@code scope}: its issuer is one the scope holds, with the
     * very key set the token was verified with (a token cached on one tenant's route never answers on
     * another's); else null.
     */
    Entry lookup(Digest digest, IssuerScope scope) {
        Entry e = map.get(digest);
        if (e == null) {
            misses.increment();
            return null;
        }
        TrustedIssuer trusted = scope.held(e.principal.issuer());
        if (trusted == null || trusted.keys() != e.keys) {
            misses.increment(); // valid elsewhere, perhaps: kept for the scope it was verified in
            return null;
        }
        long now = clock.millis();
        if (now >= e.deadline || !time.accepts(now, e.exp, e.hasNbf, e.nbf, e.hasIat, e.iat)) {
            drop(e);
            return null;
        }
        long generation;
        try {
            generation = e.keys.generation();
        } catch (KeysUnavailableException unavailable) {
            misses.increment(); // full validation answers 503; the entry may serve again once keys are back
            return null;
        }
        if (generation != e.generation) {
            if (!e.keys.holds(e.kid, e.key, e.alg)) {
                drop(e);
                return null;
            }
            e.generation = generation;
        }
        if (!e.referenced) {
            e.referenced = true;
        }
        hits.increment();
        return e;
    }

    private void drop(Entry e) {
        if (map.remove(e.digest, e)) {
            evictions.increment();
        }
        misses.increment();
    }

    /**
     * Keeps a token that was just accepted.
     *
     * @param principal the principal without token
     * @param generation the key set's {@link ResilientHttpsJwks#heldGeneration()} read before verification
     * @param weight the estimated heap the entry holds
     */
    void put(Digest digest, JwtPrincipal principal, long exp, boolean hasNbf, long nbf, boolean hasIat, long iat,
            TrustedIssuer issuer, long generation, String kid, Key key, String alg, int weight) {
        ResilientHttpsJwks keys = issuer.keys();
        long now = clock.millis();
        long deadline = Math.min(time.expiredFromMillis(exp), now > Long.MAX_VALUE - maxTtlMillis ? Long.MAX_VALUE : now + maxTtlMillis);
        if (deadline <= now || weight > maxBytes) {
            return;
        }
        Entry e = new Entry(digest, principal, deadline, exp, hasNbf, nbf, hasIat, iat, issuer, generation, kid, key, alg, weight);
        lock.lock();
        try {
            if (map.containsKey(digest)) {
                return;
            }
            int slot = claimSlot(now);
            ring[slot] = e;
            bytes += weight;
            map.put(digest, e);
            while (bytes > maxBytes && freeOne(now, e)) {
                // evict until the memory bound holds again
            }
        } finally {
            lock.unlock();
        }
    }

    // Under the lock. A free slot: a never-used one, else the next dead, expired or unmarked entry's.
    private int claimSlot(long now) {
        if (filled < ring.length) {
            return filled++;
        }
        for (;;) {
            int i = hand;
            hand = (hand + 1) % ring.length;
            Entry s = ring[i];
            if (s == null || release(s, now)) {
                ring[i] = null;
                return i;
            }
        }
    }

    // Under the lock: frees one slot other than keep's, for the memory bound; false when none can be.
    private boolean freeOne(long now, Entry keep) {
        for (int steps = 0; steps < 2 * filled + 1; steps++) {
            int i = hand % filled;
            hand = (i + 1) % ring.length;
            Entry s = ring[i];
            if (s != null && s != keep && release(s, now)) {
                ring[i] = null;
                return true;
            }
        }
        return false;
    }

    // Under the lock: whether s gave up its slot (dead already, expired, or evicted); clears its mark otherwise.
    private boolean release(Entry s, long now) {
        if (map.get(s.digest) != s) {
            bytes -= s.weight;
            return true;
        }
        if (s.referenced && s.deadline > now) {
            s.referenced = false;
            return false;
        }
        map.remove(s.digest, s);
        bytes -= s.weight;
        evictions.increment();
        return true;
    }

    TokenCacheStats stats() {
        long b;
        lock.lock();
        try {
            b = bytes;
        } finally {
            lock.unlock();
        }
        return new TokenCacheStats(hits.sum(), misses.sum(), evictions.sum(), map.size(), b);
    }

    /**
     * A SHA-256 digest, compared in full: the cache's key, compared on every look-up. A final class,
     * not a record: a record's equals is linked through {@code java.lang.runtime.ObjectMethods}, whose
     * JDK-wide caches were seen pinning an undeployed WAR's class loader.
     */
    static final class Digest {
        private final long a;
        private final long b;
        private final long c;
        private final long d;

        Digest(long a, long b, long c, long d) {
            this.a = a;
            this.b = b;
            this.c = c;
            this.d = d;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Digest other && a == other.a && b == other.b && c == other.c && d == other.d;
        }

        @Override
        public int hashCode() {
            return (int) (a ^ (a >>> 32));
        }

        @Override
        public String toString() {
            return "Digest";
        }
    }

    static final class Entry {
        final Digest digest;
        final JwtPrincipal principal;
        final long deadline;
        final long exp;
        final long nbf;
        final long iat;
        final boolean hasNbf;
        final boolean hasIat;
        final ResilientHttpsJwks keys;
        final TrustedIssuer issuer;
        final String kid;
        final Key key;
        final String alg;
        final int weight;
        long generation; // racy: a stale read only causes an extra membership check
        boolean referenced; // racy CLOCK mark

        Entry(Digest digest, JwtPrincipal principal, long deadline, long exp, boolean hasNbf, long nbf, boolean hasIat,
                long iat, TrustedIssuer issuer, long generation, String kid, Key key, String alg, int weight) {
            this.digest = digest;
            this.principal = principal;
            this.deadline = deadline;
            this.exp = exp;
            this.hasNbf = hasNbf;
            this.nbf = nbf;
            this.hasIat = hasIat;
            this.iat = iat;
            this.issuer = issuer;
            this.keys = issuer.keys();
            this.generation = generation;
            this.kid = kid;
            this.key = key;
            this.alg = alg;
            this.weight = weight;
        }
    }
}
