package org.jwtgate.dpop;

import java.time.Clock;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A {@link ReplayStore} in this node's heap, bounded to {@code capacity} ids: when it is full, the
 * expired ids are swept out; when every id is still live, a new proof is refused
 * ({@link ReplayStoreUnavailableException}) rather than an old one forgotten, which would let it be
 * replayed. Only fully checked proofs reach the store, so filling it takes that many valid proofs
 * within one acceptance window.
 */
public final class InMemoryReplayStore implements ReplayStore {
    private final ConcurrentHashMap<String, Long> ids = new ConcurrentHashMap<>();
    private final AtomicInteger size = new AtomicInteger();
    private final int capacity;
    private final Clock clock;
    private final Object sweep = new Object();

    public InMemoryReplayStore(int capacity, Clock clock) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive");
        }
        this.capacity = capacity;
        this.clock = clock;
    }

    @Override
    public boolean firstUse(String id, long untilMillis) {
        long now = clock.millis();
        if (size.get() >= capacity) {
            sweep(now);
        }
        for (;;) {
            Long held = ids.get(id);
            if (held != null) {
                if (held > now) {
                    return false;
                }
                if (ids.replace(id, held, untilMillis)) {
                    return true; // an expired id used again: a new proof (its iat is in the window)
                }
                continue;
            }
            if (size.incrementAndGet() > capacity) {
                size.decrementAndGet();
                throw new ReplayStoreUnavailableException("the DPoP replay cache is full of live proof ids");
            }
            if (ids.putIfAbsent(id, untilMillis) == null) {
                return true;
            }
            size.decrementAndGet();
        }
    }

    private void sweep(long now) {
        synchronized (sweep) {
            if (size.get() < capacity) {
                return;
            }
            for (Iterator<Map.Entry<String, Long>> it = ids.entrySet().iterator(); it.hasNext();) {
                Map.Entry<String, Long> e = it.next();
                if (e.getValue() <= now && ids.remove(e.getKey(), e.getValue())) {
                    size.decrementAndGet();
                }
            }
        }
    }

    /** How many ids are held now, expired ones not swept yet included. */
    public int size() {
        return size.get();
    }
}
