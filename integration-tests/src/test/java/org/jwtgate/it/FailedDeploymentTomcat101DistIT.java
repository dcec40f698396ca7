package org.jwtgate.it;

/** A wrong configuration fails the sample's deployment on the Tomcat 10.1 distribution. */
class FailedDeploymentTomcat101DistIT extends FailedDeploymentContract {
    @Override
    Container.Kind kind() {
        return Container.Kind.TOMCAT_10_1_DIST;
    }
}
