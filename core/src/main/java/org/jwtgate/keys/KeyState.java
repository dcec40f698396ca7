package org.jwtgate.keys;

/**
 * Where a tenant key is in its life. Published keys are {@link #PENDING}, {@link #ACTIVE} or
 * {@link #RETIRED}; a removed key is no longer in the store.
 */
public enum KeyState {
    /** Published so that validators cache it, not yet signing. */
    PENDING,
    /** The one key that signs. */
    ACTIVE,
    /** No longer signs; still published until tokens it signed have expired and caches have turned over. */
    RETIRED
}
