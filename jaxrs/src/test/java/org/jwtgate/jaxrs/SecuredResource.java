package org.jwtgate.jaxrs;

import jakarta.annotation.security.DenyAll;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;

/** Role annotations on the class, replaced by those on methods. */
@Path("secured")
@RolesAllowed("admin")
@Produces(MediaType.TEXT_PLAIN)
public class SecuredResource {
    @GET
    public String admin(@Context SecurityContext sc) {
        return OrdersResource.hello(sc);
    }

    @GET
    @Path("open")
    @PermitAll
    public String open(@Context SecurityContext sc) {
        return OrdersResource.hello(sc);
    }

    @GET
    @Path("closed")
    @DenyAll
    public String closed(@Context SecurityContext sc) {
        return OrdersResource.hello(sc);
    }

    @GET
    @Path("staff")
    @RolesAllowed("staff")
    public String staff(@Context SecurityContext sc) {
        return OrdersResource.hello(sc);
    }

    @GET
    @Path("anyone-signed-in")
    @RolesAllowed("**")
    public String anyone(@Context SecurityContext sc) {
        return OrdersResource.hello(sc);
    }
}
