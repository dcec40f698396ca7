package org.jwtgate.it;

/** A wrong configuration fails the sample's deployment on the Tomcat 11 distribution. */
class FailedDeploymentTomcat11DistIT extends FailedDeploymentContract {
    @Override
    Container.Kind kind() {
        return Container.Kind.TOMCAT_11_DIST;
    }
}
