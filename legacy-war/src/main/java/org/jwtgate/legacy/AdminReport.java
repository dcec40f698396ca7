package org.jwtgate.legacy;

import jakarta.annotation.Resource;
import jakarta.annotation.security.DeclareRoles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.SessionContext;
import jakarta.ejb.Stateless;

/** An EJB whose method only the container's {@code admin} role may call (EJB 4.0 §13.3.2). */
@Stateless
@DeclareRoles({"admin", "user"})
public class AdminReport {
    @Resource
    private SessionContext context;

    /** The caller's name as the EJB container knows it. */
    @RolesAllowed("admin")
    public String caller() {
        return context.getCallerPrincipal().getName();
    }
}
