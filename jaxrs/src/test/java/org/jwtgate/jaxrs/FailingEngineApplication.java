package org.jwtgate.jaxrs;

import jakarta.ws.rs.core.Application;
import java.util.Set;
import org.jwtgate.JwtGate;

/** The test resources with a feature on the engine of {@link LastResortTest}, which can be made to fail. */
public class FailingEngineApplication extends Application {
    static volatile JwtGate gate;

    @Override
    public Set<Class<?>> getClasses() {
        return TestApplication.RESOURCES;
    }

    @Override
    @SuppressWarnings("deprecation") // still the portable way to hand a JAX-RS runtime a provider instance
    public Set<Object> getSingletons() {
        return Set.of(new JwtGateFeature(gate));
    }
}
