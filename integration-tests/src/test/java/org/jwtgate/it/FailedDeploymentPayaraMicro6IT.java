package org.jwtgate.it;

/** A wrong configuration fails the sample's deployment on PayaraMicro6. */
class FailedDeploymentPayaraMicro6IT extends FailedDeploymentContract {
    @Override
    Container.Kind kind() {
        return Container.Kind.PAYARA_MICRO_6;
    }

    @Override
    boolean hasMicroProfileConfig() {
        return true;
    }
}
