package org.jwtgate.authentication;

import java.util.Set;

/**
 * {@link ContainerSecurityContract} on embedded Jetty 12.1 ee11 with jetty-ee11-jaspi (surefire execution
 * {@code jetty-ee11}).
 */
class JettyEe11ContainerSecurityTest extends ContainerSecurityContract {
    @Override
    WebContainer newContainer() {
        return new JettyEe11Container(Set.of("/module", "/module-basic", "/module-disabled", "/both"));
    }

    @Override
    String moduleAuthType() {
        return "Bearer";
    }

    @Override
    String modulePrincipalClass() {
        return "JwtPrincipal";
    }

    @Override
    String moduleUnsupported() {
        return null;
    }

    @Override
    boolean refusesOnUnconstrainedResources() {
        return false;
    }
}
