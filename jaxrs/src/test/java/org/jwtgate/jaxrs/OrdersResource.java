package org.jwtgate.jaxrs;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jose4j.json.JsonUtil;
import org.jwtgate.JwtPrincipal;

/** Unannotated methods (the path policy decides) and the role-and-scope endpoint of the parity test. */
@Path("orders")
public class OrdersResource {

    static String hello(SecurityContext sc) {
        return "hello " + (sc.getUserPrincipal() == null ? "anonymous" : sc.getUserPrincipal().getName());
    }

    @GET
    @Produces(MediaType.TEXT_PLAIN)
    public String list(@Context SecurityContext sc) {
        return hello(sc);
    }

    /** The JAX-RS twin of {@link GuardedServlet} in the parity test. */
    @GET
    @Path("admin")
    @RolesAllowed("admin")
    @RequiresScopes("orders:read")
    @Produces(MediaType.TEXT_PLAIN)
    public String admin(@Context SecurityContext sc) {
        return hello(sc);
    }

    /** What the resource sees of the caller. */
    @GET
    @Path("who")
    @Produces(MediaType.APPLICATION_JSON)
    public String who(@Context SecurityContext sc) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("user", sc.getUserPrincipal() == null ? null : sc.getUserPrincipal().getName());
        out.put("principalType", sc.getUserPrincipal() == null ? null : sc.getUserPrincipal().getClass().getName());
        out.put("admin", sc.isUserInRole("admin"));
        out.put("staff", sc.isUserInRole("staff"));
        out.put("anyAuthenticated", sc.isUserInRole("**"));
        out.put("scheme", sc.getAuthenticationScheme());
        out.put("secure", sc.isSecure());
        if (sc.getUserPrincipal() instanceof JwtPrincipal p) {
            out.put("claims", p.claims());
            out.put("scopes", p.scopes().stream().toList());
        }
        return JsonUtil.toJson(out);
    }

    /** The form body is still readable after the filter looked for access_token in it. */
    @POST
    @Path("form")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.TEXT_PLAIN)
    public String form(@FormParam("note") String note, @Context SecurityContext sc) {
        return hello(sc) + ", note=" + note;
    }
}
