package org.jwtgate.jaxrs;

/** The last resort on Jersey. */
class JerseyLastResortTest extends LastResortTest {
    @Override
    JaxrsRuntime runtime() {
        return new JerseyJaxrsTest().runtime();
    }
}
