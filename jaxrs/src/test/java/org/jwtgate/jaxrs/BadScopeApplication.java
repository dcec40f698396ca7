package org.jwtgate.jaxrs;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Application;
import java.util.Set;

/** A resource whose scope could not be written into a challenge: the application must not deploy. */
public class BadScopeApplication extends Application {
    @Path("bad")
    public static class BadResource {
        @GET
        @RequiresScopes("orders:\"read\"")
        public String get() {
            return "unreachable";
        }
    }

    @Override
    public Set<Class<?>> getClasses() {
        return Set.of(BadResource.class, JwtGateFeature.class);
    }
}
