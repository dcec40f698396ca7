package org.jwtgate.filter;

import jakarta.servlet.ServletContainerInitializer;
import jakarta.servlet.ServletContext;
import java.util.Set;

/**
 * Registers {@link JwtGateListener} in every application that has this jar in {@code WEB-INF/lib}, so
 * that a wrong configuration fails the deployment on every container and what jwtgate starts in the
 * application stops with it (listed in {@code META-INF/services/jakarta.servlet.ServletContainerInitializer}).
 * The registrations are read here, where the Servlet specification allows it.
 */
public final class JwtGateInitializer implements ServletContainerInitializer {
    @Override
    public void onStartup(Set<Class<?>> classes, ServletContext context) {
        // Always: besides checking what web.xml declares, the listener closes with the application what
        // others created in it, such as the JAX-RS feature's engine on RESTEasy, which has no shutdown callback.
        context.addListener(new JwtGateListener(JwtGateListener.components(context)));
    }
}
