package org.jwtgate.jaxrs;

import jakarta.ws.rs.core.Application;
import java.util.Set;

/** A tenant resource and an ordinary one, with the feature configured from context-params. */
public class TenantApplication extends Application {
    @Override
    public Set<Class<?>> getClasses() {
        return Set.of(TenantOrdersResource.class, OrdersResource.class, JwtGateFeature.class);
    }
}
