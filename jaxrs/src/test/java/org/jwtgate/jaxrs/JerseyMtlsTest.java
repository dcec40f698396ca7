package org.jwtgate.jaxrs;

/** {@link JaxrsMtlsTest} on Jersey. */
class JerseyMtlsTest extends JaxrsMtlsTest {
    @Override
    JaxrsRuntime runtime() {
        return JaxrsRuntime.jersey();
    }
}
