package org.jwtgate.it;

/** A wrong configuration fails the sample's deployment on Payara Server 6 ({@code asadmin deploy} is refused). */
class FailedDeploymentPayaraServer6IT extends FailedDeploymentContract {
    @Override
    Container.Kind kind() {
        return Container.Kind.PAYARA_SERVER_6;
    }
}
