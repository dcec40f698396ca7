package org.jwtgate.jaxrs;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jose4j.json.JsonUtil;

/** A tenant's resource: the tenant as the runtime decoded it from the path, and the caller. */
@Path("t/{tenant}/orders")
@Produces(MediaType.APPLICATION_JSON)
public class TenantOrdersResource {

    @GET
    public String list(@PathParam("tenant") String tenant, @Context SecurityContext sc) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("tenant", tenant);
        out.put("user", sc.getUserPrincipal() == null ? null : sc.getUserPrincipal().getName());
        return JsonUtil.toJson(out);
    }

    @GET
    @Path("admin")
    @RolesAllowed("admin")
    public String admin(@PathParam("tenant") String tenant, @Context SecurityContext sc) {
        return list(tenant, sc);
    }
}
