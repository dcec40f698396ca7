package org.jwtgate.jaxrs;

import jakarta.ws.rs.core.Application;
import java.util.Map;
import org.glassfish.jersey.servlet.ServletContainer;

/** Protected Resource Metadata on Jersey 3.1. */
class JerseyResourceMetadataTest extends ResourceMetadataJaxrsTest {
    @Override
    JaxrsRuntime runtime() {
        return new JaxrsRuntime() {
            @Override
            public String servletClass() {
                return ServletContainer.class.getName();
            }

            @Override
            public Map<String, String> initParams(Class<? extends Application> application, String prefix) {
                return Map.of("jakarta.ws.rs.Application", application.getName());
            }
        };
    }
}
