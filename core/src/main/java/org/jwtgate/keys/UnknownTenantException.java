package org.jwtgate.keys;

import org.jwtgate.tenant.TenantId;

/** The store has no such tenant (the publisher answers 404). */
public final class UnknownTenantException extends TenantKeyException {
    private static final long serialVersionUID = 1L;

    public UnknownTenantException(TenantId tenant) {
        super(tenant, "jwtgate: no keys for tenant '" + tenant + "'");
    }
}
