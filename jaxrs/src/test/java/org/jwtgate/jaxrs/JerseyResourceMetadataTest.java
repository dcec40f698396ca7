package org.jwtgate.jaxrs;

/** Protected Resource Metadata on Jersey 3.1. */
class JerseyResourceMetadataTest extends ResourceMetadataJaxrsTest {
    @Override
    JaxrsRuntime runtime() {
        return JaxrsRuntime.jersey();
    }
}
