package org.jwtgate.it;

/** The legacy WAR on Jetty12. */
class LegacyJetty12IT extends LegacyWarContract {
    @Override
    Container.Kind kind() {
        return Container.Kind.JETTY_12;
    }
}
