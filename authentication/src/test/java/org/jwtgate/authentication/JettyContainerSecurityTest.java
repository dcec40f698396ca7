package org.jwtgate.authentication;

/**
 * {@link ContainerSecurityContract} on embedded Jetty 12.1 (ee10): the servlet filter over async and
 * non-blocking servlets, and its parity with the JAX-RS feature. The module's tests are skipped: see
 * {@link #moduleUnsupported()}.
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
     * Measured with jetty-ee10-jaspi 12.0.31 (the newest ee10 Jakarta Authentication module on Central;
     * there is none for 12.1) and its DefaultAuthConfigFactory on Jetty 12.1.12: the context's security
     * handler picks its authenticator when it starts, before ServletContextListeners run, so the
     * listener's registration is never seen (Jetty installed its BasicAuthenticator for a BASIC
     * login-config and failed the deployment for want of a LoginService); and Jetty looks the provider
     * up as "server /ctx" (its first virtual host, else "server") while getVirtualServerName() is null
     * without a virtual host.
     */
    @Override
    String moduleUnsupported() {
        return "no web.xml-only Jakarta Authentication on Jetty 12.1 ee10 (see JettyContainerSecurityTest)";
    }
}
