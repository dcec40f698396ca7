package org.jwtgate.jaxrs;

import jakarta.ws.rs.core.Application;
import java.util.Set;

/** Resources, the feature configured from context-params, and the Protected Resource Metadata resource. */
public class MetadataApplication extends Application {
    @Override
    public Set<Class<?>> getClasses() {
        return Set.of(OrdersResource.class, ScopedResource.class, JwtGateFeature.class, ProtectedResourceMetadataResource.class);
    }
}
