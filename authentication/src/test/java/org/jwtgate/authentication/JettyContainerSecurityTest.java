package org.jwtgate.authentication;

/**
 * {@link ContainerSecurityContract} on embedded Jetty 12.1 (ee10): the servlet filter over async and
 * non-blocking servlets, and its parity with the JAX-RS feature. The module's tests are skipped: see
 * {@link #moduleUnsupported()}; on ee11 they run ({@link JettyEe11ContainerSecurityTest}).
 */
class JettyContainerSecurityTest extends ContainerSecurityContract {
    @Override
    WebContainer newContainer() {
        return new JettyContainer();
    }

    @Override
    String moduleAuthType() {
        return "JASPI";
    }

    @Override
    String modulePrincipalClass() {
        return "JwtPrincipal";
    }

    /**
     * Jetty 12.1 has no Jakarta Authentication module for ee10 on Maven Central (jetty-ee10-jaspi stops at
     * 12.0.x). Measured with jetty-ee10-jaspi 12.0.31 on Jetty 12.1.12: registered from the server's side,
     * no token on a constrained resource was Jetty's 403 (that version never sets isMandatory) and every
     * unconstrained resource answered 500 (an exception inside its JaspiMessageInfo under 12.1). The
     * ee11 module (jetty-ee11-jaspi 12.1.10) has neither fault; see {@link JettyEe11ContainerSecurityTest}.
     */
    @Override
    String moduleUnsupported() {
        return "no Jakarta Authentication for Jetty 12.1 ee10 (see JettyContainerSecurityTest; ee11: JettyEe11ContainerSecurityTest)";
    }
}
