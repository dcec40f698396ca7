package org.jwtgate.jaxrs;

import jakarta.ws.rs.core.Application;
import java.util.Map;

/** How a JAX-RS runtime is declared as a plain servlet (no CDI, no container initializer). */
interface JaxrsRuntime {
    /** The runtime's servlet class name. */
    String servletClass();

    /** The servlet's init-params for {@code application}, mapped to {@code prefix + "/*"}. */
    Map<String, String> initParams(Class<? extends Application> application, String prefix);

    /** Jersey 3.1's servlet (named, not loaded: each runtime's tests run without the other's jars). */
    static JaxrsRuntime jersey() {
        return new JaxrsRuntime() {
            @Override
            public String servletClass() {
                return "org.glassfish.jersey.servlet.ServletContainer";
            }

            @Override
            public Map<String, String> initParams(Class<? extends Application> application, String prefix) {
                return Map.of("jakarta.ws.rs.Application", application.getName());
            }
        };
    }

    /** RESTEasy 6.2's servlet. */
    static JaxrsRuntime resteasy() {
        return new JaxrsRuntime() {
            @Override
            public String servletClass() {
                return "org.jboss.resteasy.plugins.server.servlet.HttpServlet30Dispatcher";
            }

            @Override
            public Map<String, String> initParams(Class<? extends Application> application, String prefix) {
                return Map.of("jakarta.ws.rs.Application", application.getName(), "resteasy.servlet.mapping.prefix", prefix);
            }
        };
    }
}
