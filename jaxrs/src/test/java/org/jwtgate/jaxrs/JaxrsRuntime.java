package org.jwtgate.jaxrs;

import jakarta.ws.rs.core.Application;
import java.util.Map;

/** How a JAX-RS runtime is declared as a plain servlet (no CDI, no container initializer). */
interface JaxrsRuntime {
    /** The runtime's servlet class name. */
    String servletClass();

    /** The servlet's init-params for {@code application}, mapped to {@code prefix + "/*"}. */
    Map<String, String> initParams(Class<? extends Application> application, String prefix);
}
