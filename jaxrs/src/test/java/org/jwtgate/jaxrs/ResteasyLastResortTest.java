package org.jwtgate.jaxrs;

/** The last resort on RESTEasy. */
class ResteasyLastResortTest extends LastResortTest {
    @Override
    JaxrsRuntime runtime() {
        return new ResteasyJaxrsTest().runtime();
    }
}
