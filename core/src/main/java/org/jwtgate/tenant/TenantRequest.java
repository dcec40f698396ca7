package org.jwtgate.tenant;

import org.jwtgate.token.BearerRequest;

/**
 * What a tenant-bound engine reads from a request to find the tenant it names, besides its headers:
 * provided by each adapter in its own terms, so that the rules stay in {@link TenantSource}. The
 * adapters' requests implement it; a plain {@link BearerRequest} names no tenant by path or host.
 */
public interface TenantRequest extends BearerRequest {

    /**
     * The path inside the application exactly as sent: not decoded, with {@code ;parameters}, empty
     * segments and dot-segments kept, without the context path and the query; null when it cannot be
     * told (then no tenant is read from the path).
     */
    String rawPath();

    /** The host name the request was sent to, without port, as the container reports it; or null. */
    String host();
}
