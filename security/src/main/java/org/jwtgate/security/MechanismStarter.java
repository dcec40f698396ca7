package org.jwtgate.security;

import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.spi.CDI;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;

/**
 * Builds the {@link JwtGateAuthenticationMechanism}'s engine when the application's servlet context starts, so
 * a bad {@code jwtgate.*} value fails the deployment on every server: Payara fires CDI's
 * {@code @Initialized(ApplicationScoped.class)} before the web module exists (with no servlet context), so the
 * mechanism's observer alone would leave it to the first request. Added by {@link AccessDenialFilter.Installer}
 * where the server has Jakarta Security. Listeners added by initializers run after those of {@code web.xml}
 * (Payara), so where the {@code JwtGateAuthentication} listener has published its engine the mechanism takes
 * that one and builds none.
 */
public final class MechanismStarter implements ServletContextListener {
    /** The listener, as the initializer adds it by name. */
    public MechanismStarter() {
    }

    @Override
    public void contextInitialized(ServletContextEvent event) {
        Instance<JwtGateAuthenticationMechanism> mechanism = CDI.current().select(JwtGateAuthenticationMechanism.class);
        if (mechanism.isResolvable()) {
            mechanism.get().start(event.getServletContext());
        }
    }
}
