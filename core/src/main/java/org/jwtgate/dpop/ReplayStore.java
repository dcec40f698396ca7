package org.jwtgate.dpop;

/**
 * Where the ids of accepted DPoP proofs are remembered for as long as a proof would be accepted
 * (RFC 9449 §11.1), so that each is used once. One per engine; an implementation shared by several
 * nodes (a database) refuses on every node a proof already used on one. Thread-safe.
 */
public interface ReplayStore {

    /**
     * Records {@code id} until {@code untilMillis} (epoch milliseconds) if it is not recorded yet.
     *
     * @param id an opaque key of at most 64 ASCII characters (a digest of the proof's key and {@code jti})
     * @return true the first time, false when {@code id} is recorded and not expired (a replay)
     * @throws ReplayStoreUnavailableException when the id cannot be recorded now (full of live ids,
     *     unreachable): the caller refuses the proof, never lets it through
     */
    boolean firstUse(String id, long untilMillis);
}
