package org.jwtgate.it;

/** ACCP given to Payara Micro 6 with {@code --addLibs}: the sample verifies and signs with it. */
class AccpPayaraMicro6IT extends AccpServerLibContract {
    @Override
    Container.Kind kind() {
        return Container.Kind.PAYARA_MICRO_6;
    }
}
