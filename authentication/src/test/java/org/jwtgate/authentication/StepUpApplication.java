package org.jwtgate.authentication;

import jakarta.ws.rs.core.Application;
import java.util.Set;
import org.jwtgate.jaxrs.JwtGateFeature;

/** {@link StepUpResource} with the JAX-RS feature, configured from the application's context-params. */
public class StepUpApplication extends Application {
    @Override
    public Set<Class<?>> getClasses() {
        return Set.of(StepUpResource.class, JwtGateFeature.class);
    }
}
