package org.jwtgate.filter;

import jakarta.servlet.ServletContainerInitializer;
import jakarta.servlet.ServletContext;
import java.util.List;
import java.util.Set;

/**
 * Registers {@link JwtGateListener} in every application that has this jar in {@code WEB-INF/lib}
 * and declares a jwtgate filter or JWKS servlet or {@code jwtgate.*} context-params, so that a wrong configuration fails the deployment
 * on every container (listed in {@code META-INF/services/jakarta.servlet.ServletContainerInitializer}).
 * The registrations are read here, where the Servlet specification allows it.
 */
public final class JwtGateInitializer implements ServletContainerInitializer {
    @Override
    public void onStartup(Set<Class<?>> classes, ServletContext context) {
        List<JwtGateListener.Component> components = JwtGateListener.components(context);
        boolean sharedParameters = java.util.Collections.list(context.getInitParameterNames()).stream()
                .anyMatch(n -> n.startsWith(JwtGateFilter.CONTEXT_PARAM_PREFIX));
        if (!components.isEmpty() || sharedParameters) {
            context.addListener(new JwtGateListener(components));
        }
    }
}
