package org.jwtgate.keys;

import org.jwtgate.tenant.TenantId;

/**
 * The tenant exists but its keys cannot be read or written, for example a truncated key-store file
 * (the publisher answers 503). Other tenants are unaffected. Keys are never regenerated to paper
 * over it: that would orphan every token signed with the lost keys.
 */
public final class TenantUnavailableException extends TenantKeyException {
    private static final long serialVersionUID = 1L;

    public TenantUnavailableException(TenantId tenant, String message, Throwable cause) {
        super(tenant, message, cause);
    }
}
