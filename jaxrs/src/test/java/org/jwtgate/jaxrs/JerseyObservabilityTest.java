package org.jwtgate.jaxrs;

/** The feature's engine over JMX on Jersey 3.1: unregistered by Jersey's shutdown callback. */
class JerseyObservabilityTest extends JaxrsObservabilityContract {
    @Override
    JaxrsRuntime runtime() {
        return new JerseyJaxrsTest().runtime();
    }

    @Override
    boolean hasShutdownCallback() {
        return true;
    }
}
