package org.jwtgate.it;

/** The legacy WAR on the PayaraServer6 distribution. */
class LegacyPayaraServer6IT extends LegacyWarContract {
    @Override
    Container.Kind kind() {
        return Container.Kind.PAYARA_SERVER_6;
    }
}
