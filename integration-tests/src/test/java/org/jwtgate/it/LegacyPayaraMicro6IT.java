package org.jwtgate.it;

/** The legacy WAR on PayaraMicro6. */
class LegacyPayaraMicro6IT extends LegacyWarContract {
    @Override
    Container.Kind kind() {
        return Container.Kind.PAYARA_MICRO_6;
    }
}
