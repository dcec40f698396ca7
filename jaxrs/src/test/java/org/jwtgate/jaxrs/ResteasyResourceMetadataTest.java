package org.jwtgate.jaxrs;

/** Protected Resource Metadata on RESTEasy 6.2. */
class ResteasyResourceMetadataTest extends ResourceMetadataJaxrsTest {
    @Override
    JaxrsRuntime runtime() {
        return JaxrsRuntime.resteasy();
    }
}
