package org.jwtgate.jaxrs;

/** {@link JaxrsMtlsTest} on RESTEasy. */
class ResteasyMtlsTest extends JaxrsMtlsTest {
    @Override
    JaxrsRuntime runtime() {
        return JaxrsRuntime.resteasy();
    }
}
