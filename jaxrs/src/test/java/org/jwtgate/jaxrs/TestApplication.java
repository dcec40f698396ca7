package org.jwtgate.jaxrs;

import jakarta.ws.rs.core.Application;
import java.util.Set;

/** The test resources, with the feature registered by class: configured from context-params. */
public class TestApplication extends Application {
    static final Set<Class<?>> RESOURCES = Set.of(OrdersResource.class, PublicResource.class, SecuredResource.class,
            ScopedResource.class, LocatorResource.class, StepUpResource.class);

    @Override
    public Set<Class<?>> getClasses() {
        Set<Class<?>> classes = new java.util.HashSet<>(RESOURCES);
        classes.add(JwtGateFeature.class);
        return classes;
    }
}
