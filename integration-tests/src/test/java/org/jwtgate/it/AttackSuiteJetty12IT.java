package org.jwtgate.it;

/** The attack catalogue through the sample WAR on Jetty 12. */
class AttackSuiteJetty12IT extends AttackSuite {
    @Override
    Container.Kind kind() {
        return Container.Kind.JETTY_12;
    }
}
