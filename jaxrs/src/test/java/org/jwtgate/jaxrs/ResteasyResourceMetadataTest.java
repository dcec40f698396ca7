package org.jwtgate.jaxrs;

import jakarta.ws.rs.core.Application;
import java.util.Map;
import org.jboss.resteasy.plugins.server.servlet.HttpServlet30Dispatcher;

/** Protected Resource Metadata on RESTEasy 6.2. */
class ResteasyResourceMetadataTest extends ResourceMetadataJaxrsTest {
    @Override
    JaxrsRuntime runtime() {
        return new JaxrsRuntime() {
            @Override
            public String servletClass() {
                return HttpServlet30Dispatcher.class.getName();
            }

            @Override
            public Map<String, String> initParams(Class<? extends Application> application, String prefix) {
                return Map.of("jakarta.ws.rs.Application", application.getName(), "resteasy.servlet.mapping.prefix", prefix);
            }
        };
    }
}
