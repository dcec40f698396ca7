package org.jwtgate.jaxrs;

import jakarta.ws.rs.core.Application;
import java.util.Map;
import org.glassfish.jersey.servlet.ServletContainer;

/** The contract on Jersey 3.1, declared as a plain servlet. */
class JerseyJaxrsTest extends JaxrsContractTest {
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
