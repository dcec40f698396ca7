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
     * Measured on Jetty 12.1.12 with jetty-ee10-jaspi 12.0.31 (the newest ee10 Jakarta Authentication
     * module on Central; there is none for 12.1) and its DefaultAuthConfigFactory:
     * <ul>
     * <li>registered by the web.xml listener, the module is never used: the context's security handler
     * picks its authenticator when it starts, before ServletContextListeners run (with a BASIC
     * login-config Jetty installed its BasicAuthenticator and failed the deployment for want of a
     * LoginService), and Jetty looks the provider up as "server /ctx" (first virtual host, else
     * "server") while getVirtualServerName() is null without a virtual host;</li>
     * <li>registered by class name for "server /ctx" before the server starts (as a Jetty XML file
     * would): a valid token, the container's 403 for a missing role, {@code **}, query and form tokens
     * worked; but no token on a constrained resource was Jetty's 403 (this jaspi version never sets
     * isMandatory), every request to an unconstrained resource was 500 (an NPE in its
     * JaspiMessageInfo under 12.1's deferred authentication), and every refusal the module wrote
     * through the servlet response hung until the client gave up: Jetty 12 waits for the module to
     * complete a Jetty-core Callback, which only Jetty's own modules do
     * ({@code Response.writeError(…, JaspiMessageInfo.getCallback(), …)}), so no portable module can
     * answer with its own status and body there (by its source, jetty-ee11-jaspi 12.1.10 returns SEND_FAILURE the same way; not run here).</li>
     * </ul>
     */
    @Override
    String moduleUnsupported() {
        return "no working Jakarta Authentication for a portable module on Jetty 12.1 ee10 (see JettyContainerSecurityTest)";
    }
}
