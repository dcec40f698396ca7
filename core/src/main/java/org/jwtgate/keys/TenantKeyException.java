package org.jwtgate.keys;

import org.jwtgate.tenant.TenantId;

/**
 * A tenant's keys cannot be used. Messages name the tenant and, for files, the file; never key
 * material or passwords.
 */
public class TenantKeyException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient TenantId tenant;

    public TenantKeyException(TenantId tenant, String message) {
        super(message);
        this.tenant = tenant;
    }

    public TenantKeyException(TenantId tenant, String message, Throwable cause) {
        super(message, cause);
        this.tenant = tenant;
    }

    /** The tenant concerned. */
    public TenantId tenant() {
        return tenant;
    }
}
