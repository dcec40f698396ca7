package org.jwtgate.authentication;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.SecurityContext;

/** The JAX-RS twin of {@code /admin/who} behind the module's {@code admin} constraint. */
@Path("admin/who")
@RolesAllowed("admin")
public class AdminResource {
    @GET
    @Produces("text/plain")
    public String get(@Context SecurityContext sc) {
        return "user=" + sc.getUserPrincipal().getName() + "|admin=" + sc.isUserInRole("admin");
    }

    @POST
    @Produces("text/plain")
    public String post(@Context SecurityContext sc) {
        return get(sc);
    }
}
