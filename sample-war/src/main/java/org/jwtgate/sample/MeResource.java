package org.jwtgate.sample;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;
import org.jwtgate.jaxrs.RequiresAuthentication;

/**
 * {@code GET /api/rest/me}: the JAX-RS twin of {@code /api/whoami}, for any authenticated caller; and
 * {@code GET /api/rest/me/stepup}, the twin of {@code /api/stepup/whoami}: only for a caller who logged in
 * with {@code urn:jwtgate:demo:mfa} in the last 5 minutes (step-up, RFC 9470), said here by the annotation
 * where web.xml says it for the servlet.
 */
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

    @GET
    @Path("stepup")
    @RequiresAuthentication(acr = "urn:jwtgate:demo:mfa", maxAge = "PT5M")
    @Produces(MediaType.APPLICATION_JSON)
    public String stepUp(@Context SecurityContext security) {
        return me(security);
    }
}
