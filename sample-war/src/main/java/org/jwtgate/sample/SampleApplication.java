package org.jwtgate.sample;

import jakarta.ws.rs.core.Application;
import java.util.Set;
import org.jwtgate.jaxrs.JwtGateFeature;

/**
 * The sample's JAX-RS application. It is declared in web.xml by its class name (JAX-RS 3.1 §2.3.2), not
 * with {@code @ApplicationPath}, so that the same declaration works with the Jersey bundled in the WAR
 * (Tomcat, Jetty) and with the server's own implementation (Payara).
 */
public class SampleApplication extends Application {
    @Override
    public Set<Class<?>> getClasses() {
        return Set.of(JwtGateFeature.class, OrdersResource.class, MeResource.class);
    }
}
