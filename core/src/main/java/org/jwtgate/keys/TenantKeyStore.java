package org.jwtgate.keys;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jwtgate.tenant.TenantId;

/**
 * Where tenants' signing keys live. The JWKS publisher and the {@link TokenSigner} use only this
 * interface, so they never know which store is behind it: the managed directory
 * ({@link ManagedDirectoryStore}), an existing key store file ({@link ReadOnlyKeystoreStore}), or a
 * database. Implementations are thread-safe, take time from an injected clock, and apply their
 * rotation schedule lazily on each call.
 *
 * <p>Every key a store hands out has passed the checks of jwtgate's key policy (RSA ≥ 2048 bits with
 * an odd exponent ≥ 65537, EC on P-256/P-384/P-521 with the point on the curve, Ed25519).
 */
public interface TenantKeyStore extends AutoCloseable {

    /**
     * The tenant's published keys — pending, active and retired (RFC 7517 §5: the members of its JWK
     * Set) — active first, then pending, then retired newest first; empty when the tenant does not
     * exist. Never creates a tenant.
     *
     * @throws TenantUnavailableException when the tenant exists but its keys cannot be read
     */
    Optional<List<PublishedKey>> keys(TenantId tenant);

    /**
     * The tenant's active key, which signs.
     *
     * @throws UnknownTenantException when the tenant does not exist
     * @throws TenantUnavailableException when its keys cannot be read
     */
    SigningKey signingKey(TenantId tenant);

    /**
     * Creates the tenant with a fresh active key unless it exists; concurrent calls for one new
     * tenant create exactly one key.
     *
     * @return whether this call created the tenant
     * @throws UnsupportedOperationException for a read-only store (when the tenant is missing)
     * @throws TenantUnavailableException when the tenant exists but its keys cannot be read, or the
     *     new keys cannot be written
     */
    boolean ensureTenant(TenantId tenant);

    /**
     * Starts a rotation now: a new key is published at once as {@link KeyState#PENDING} and becomes
     * active after the pre-publication lead; the current key then retires. When a pending key
     * already exists, it is returned and nothing changes.
     *
     * @return the pending key
     * @throws UnknownTenantException when the tenant does not exist
     * @throws UnsupportedOperationException for a read-only store
     */
    PublishedKey rotate(TenantId tenant);

    /**
     * How many rotations this store has started since it was created: new pending keys it wrote for
     * existing tenants, explicit ({@link #rotate}) or scheduled, counted when the write succeeded (with a
     * database shared by several nodes: by the node whose transaction wrote the key). A tenant's first
     * key is not a rotation. 0 for a store that never writes keys.
     */
    default long rotations() {
        return 0;
    }

    /** The tenants the store holds (including unavailable ones). */
    Set<TenantId> tenants();

    /** Releases resources; the default does nothing. */
    @Override
    default void close() {
    }
}
