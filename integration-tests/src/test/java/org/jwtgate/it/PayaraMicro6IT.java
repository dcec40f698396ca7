package org.jwtgate.it;

/** The sample WAR on PayaraMicro6. */
class PayaraMicro6IT extends SampleWarContract {
    @Override
    Container.Kind kind() {
        return Container.Kind.PAYARA_MICRO_6;
    }
}
