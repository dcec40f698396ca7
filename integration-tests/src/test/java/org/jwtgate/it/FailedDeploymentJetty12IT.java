package org.jwtgate.it;

/** A wrong configuration fails the sample's deployment on Jetty12. */
class FailedDeploymentJetty12IT extends FailedDeploymentContract {
    @Override
    Container.Kind kind() {
        return Container.Kind.JETTY_12;
    }
}
