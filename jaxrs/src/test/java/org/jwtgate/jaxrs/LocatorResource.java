package org.jwtgate.jaxrs;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;

/** A sub-resource locator: the rules of the located resource's methods apply. */
@Path("locator")
public class LocatorResource {
    @Path("sub")
    public Sub sub() {
        return new Sub();
    }

    public static class Sub {
        @GET
        @RolesAllowed("admin")
        @Produces(MediaType.TEXT_PLAIN)
        public String get(@Context SecurityContext sc) {
            return OrdersResource.hello(sc);
        }
    }
}
