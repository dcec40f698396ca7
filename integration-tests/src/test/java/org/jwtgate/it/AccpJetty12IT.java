package org.jwtgate.it;

/** ACCP on the class path of an embedded Jetty 12's launcher: the sample verifies and signs with it. */
class AccpJetty12IT extends AccpServerLibContract {
    @Override
    Container.Kind kind() {
        return Container.Kind.JETTY_12;
    }
}
