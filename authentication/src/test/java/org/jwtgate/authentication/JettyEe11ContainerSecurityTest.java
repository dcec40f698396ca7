package org.jwtgate.authentication;

import java.util.Set;

/**
 * {@link ContainerSecurityContract} on embedded Jetty 12.1 ee11 with jetty-ee11-jaspi 12.1.10 and Jakarta
 * Authentication 3.1 (surefire execution {@code jetty-ee11}), set up as {@link JettyEe11Container} says.
 * Against the module before Jetty was supported (registered under Jetty's application context), every
 * refusal hung until the client's 20 s timeout and a valid token on an unconstrained resource left the
 * caller unknown (6 errors, 3 failures of 19). A bad token on an unconstrained resource is refused as on
 * Tomcat, by the filter the listener adds on Jetty (before it, Jetty answered 200 with no caller there).
 */
class JettyEe11ContainerSecurityTest extends ContainerSecurityContract {
    @Override
    WebContainer newContainer() {
        return new JettyEe11Container(Set.of("/module", "/module-basic", "/module-disabled", "/both", "/module-rm", "/module-dpop"));
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
}
