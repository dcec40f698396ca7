package org.jwtgate.jaxrs;

import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;

/** Scopes on the class, replaced by those on a method; @PermitAll does not drop them. */
@Path("scoped")
@RequiresScopes("orders:read")
@Produces(MediaType.TEXT_PLAIN)
public class ScopedResource {
    @GET
    public String read(@Context SecurityContext sc) {
        return OrdersResource.hello(sc);
    }

    @GET
    @Path("write")
    @RequiresScopes({"orders:read orders:write"})
    public String write(@Context SecurityContext sc) {
        return OrdersResource.hello(sc);
    }

    @GET
    @Path("permitted")
    @PermitAll
    public String permitted(@Context SecurityContext sc) {
        return OrdersResource.hello(sc);
    }
}
