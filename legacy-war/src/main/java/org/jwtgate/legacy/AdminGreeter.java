package org.jwtgate.legacy;

import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.security.enterprise.SecurityContext;

/**
 * A CDI bean (not an EJB) with an {@code @RolesAllowed("admin")} method: enforced by jwtgate-security's CDI
 * extension (Payara's own interceptor handles only its {@code @RolesPermitted}).
 */
@RequestScoped
public class AdminGreeter {
    @Inject
    SecurityContext security;

    @RolesAllowed("admin")
    public String caller() {
        return security.getCallerPrincipal().getName();
    }
}
