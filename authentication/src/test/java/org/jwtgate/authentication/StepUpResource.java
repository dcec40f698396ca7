package org.jwtgate.authentication;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.SecurityContext;
import org.jwtgate.jaxrs.RequiresAuthentication;

/** The JAX-RS twin of {@code /step/who}: step-up declared on the class, no engine-wide requirement. */
@Path("step/who")
@RequiresAuthentication(acr = StepUpParityContract.MFA, maxAge = "PT5M")
public class StepUpResource {
    @GET
    @Produces("text/plain")
    public String get(@Context SecurityContext sc) {
        return "user=" + sc.getUserPrincipal().getName();
    }
}
