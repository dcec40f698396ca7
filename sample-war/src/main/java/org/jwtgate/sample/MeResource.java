package org.jwtgate.sample;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;

/** {@code GET /api/rest/me}: the JAX-RS twin of {@code /api/whoami}, for any authenticated caller. */
@Path("/me")
public class MeResource {
    @GET
    @RolesAllowed("**")
    @Produces(MediaType.APPLICATION_JSON)
    public String me(@Context SecurityContext security) {
        String user = security.getUserPrincipal() == null ? null : security.getUserPrincipal().getName();
        return Json.caller(user, security.getAuthenticationScheme(), security.isUserInRole("admin"),
                security.getUserPrincipal());
    }
}
