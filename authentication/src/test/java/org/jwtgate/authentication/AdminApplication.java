package org.jwtgate.authentication;

import jakarta.ws.rs.core.Application;
import java.util.Set;
import org.jwtgate.jaxrs.JwtGateFeature;

/** {@link AdminResource} with the JAX-RS feature, configured from the application's context-params. */
public class AdminApplication extends Application {
    @Override
    public Set<Class<?>> getClasses() {
        return Set.of(AdminResource.class, JwtGateFeature.class);
    }
}
