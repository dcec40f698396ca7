package org.jwtgate.authentication;

/**
 * {@link ContainerSecurityContract} on embedded Tomcat 11 (and 10.1: surefire execution {@code tomcat-10.1}): Tomcat's own Jakarta Authentication, no
 * configuration beyond web.xml. {@code getUserPrincipal()} is the {@code JwtPrincipal} itself (Tomcat
 * keeps the CallerPrincipalCallback's principal inside its GenericPrincipal and hands it out);
 * {@code getAuthType()} is the module's {@code jakarta.servlet.http.authType}, {@code Bearer}.
 */
class TomcatContainerSecurityTest extends ContainerSecurityContract {
    @Override
    WebContainer newContainer() {
        return new TomcatContainer();
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
