package org.jwtgate.it;

/** A wrong configuration fails the sample's deployment on Tomcat11. */
class FailedDeploymentTomcat11IT extends FailedDeploymentContract {
    @Override
    Container.Kind kind() {
        return Container.Kind.TOMCAT_11;
    }
}
