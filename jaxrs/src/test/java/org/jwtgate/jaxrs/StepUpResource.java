package org.jwtgate.jaxrs;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;

/** Step-up on the class, replaced by a method's; combined with a role on another method. */
@Path("stepup")
@RequiresAuthentication(acr = StepUpResource.MFA, maxAge = "300")
@Produces(MediaType.TEXT_PLAIN)
public class StepUpResource {
    static final String MFA = "urn:example:mfa";
    static final String HWK = "urn:example:hwk";

    @GET
    public String byClass(@Context SecurityContext sc) {
        return OrdersResource.hello(sc);
    }

    @GET
    @Path("method")
    @RequiresAuthentication(acr = HWK + " " + MFA + "+", maxAge = "PT1M")
    public String byMethod(@Context SecurityContext sc) {
        return OrdersResource.hello(sc);
    }

    @GET
    @Path("admin")
    @RolesAllowed("admin")
    public String admin(@Context SecurityContext sc) {
        return OrdersResource.hello(sc);
    }
}
