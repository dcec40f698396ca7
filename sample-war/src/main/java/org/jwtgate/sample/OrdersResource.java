package org.jwtgate.sample;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;
import java.util.List;
import java.util.Map;
import org.jwtgate.jaxrs.RequiresScopes;

/**
 * A tenant's orders, {@code /api/rest/t/{tenant}/orders}. Which tokens reach it is decided in web.xml:
 * the tenant-bound routes ({@code jwtgate.tenant-issuer}, {@code jwtgate.tenant-source}) trust only the
 * issuer of the tenant in the path, and refuse an ill-formed or unknown tenant with 404 before the
 * resource runs, so {@code tenant} is always {@code acme} or {@code globex}, spelt exactly so. The
 * annotations decide roles and scopes.
 */
@Path("/t/{tenant}/orders")
@Produces(MediaType.APPLICATION_JSON)
public class OrdersResource {

    @GET
    @RequiresScopes("orders:read")
    public String list(@PathParam("tenant") String tenant, @Context SecurityContext security) {
        return Json.of(Map.of("tenant", tenant, "caller", security.getUserPrincipal().getName(),
                "orders", List.of(Map.of("id", 1, "item", "coffee"), Map.of("id", 2, "item", "tea"))));
    }

    @POST
    @RolesAllowed("orders-manager")
    @RequiresScopes("orders:write")
    public String create(@PathParam("tenant") String tenant, @Context SecurityContext security) {
        return Json.of(Map.of("tenant", tenant, "created", 3, "by", security.getUserPrincipal().getName()));
    }

    @GET
    @Path("admin")
    @RolesAllowed("admin")
    public String admin(@PathParam("tenant") String tenant) {
        return Json.of(Map.of("tenant", tenant, "admin", true));
    }
}
