package org.jwtgate.jaxrs;

import jakarta.ws.rs.core.Application;
import java.util.Map;
import org.jboss.resteasy.plugins.server.servlet.HttpServlet30Dispatcher;

/** Tenant-bound routes on RESTEasy 6.2. */
class ResteasyTenantRoutesTest extends TenantRoutesJaxrsTest {
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
