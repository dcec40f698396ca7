package org.jwtgate.jaxrs;

/** The feature's engine over JMX on RESTEasy 6.2 as a plain servlet: no shutdown callback, unregistered once garbage. */
class ResteasyObservabilityTest extends JaxrsObservabilityContract {
    @Override
    JaxrsRuntime runtime() {
        return new ResteasyJaxrsTest().runtime();
    }

    @Override
    boolean hasShutdownCallback() {
        return false;
    }
}
