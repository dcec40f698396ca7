package org.jwtgate.it;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The legacy WAR on embedded Jetty 12.1 (ee10): Jetty 12.1 has no Jakarta Authentication module for ee10
 * (jetty-ee10-jaspi stops at 12.0; see the authentication module's JettyContainerSecurityTest), so the
 * application, which relies on the container for its security, must not start at all rather than serve
 * its constrained paths without authentication. On ee11 it works: {@link LegacyJetty12Ee11IT}.
 */
class LegacyJetty12IT {
    @Test
    void doesNotDeployWithoutJakartaAuthentication() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Container.start(Container.Kind.JETTY_12,
                Container.Webapp.LEGACY, Map.of("JWTGATE_ISSUERS", "http://127.0.0.1:9/realms/none"), null).close());
        assertTrue(e.getMessage().contains("exited with"), e.getMessage());
        assertTrue(e.getMessage().contains("jakarta/security/auth/message/config/AuthConfigProvider"), e.getMessage());
    }
}
