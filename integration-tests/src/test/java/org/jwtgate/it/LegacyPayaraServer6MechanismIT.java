package org.jwtgate.it;

/**
 * The legacy WAR on Payara Server 6 switched by Jakarta Security's {@code HttpAuthenticationMechanism}
 * (jwtgate-security's jar) instead of the authentication module's listener: the same contract.
 */
class LegacyPayaraServer6MechanismIT extends LegacyWarContract {
    @Override
    Container.Kind kind() {
        return Container.Kind.PAYARA_SERVER_6;
    }

    @Override
    Container.Webapp webapp() throws Exception {
        return LegacyWars.withMechanism();
    }
}
