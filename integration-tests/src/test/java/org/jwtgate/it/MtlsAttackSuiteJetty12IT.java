package org.jwtgate.it;

/** The mTLS group of the attack catalogue through the sample WAR on Jetty 12, over TLS with client certificates. */
class MtlsAttackSuiteJetty12IT extends MtlsAttackSuite {
    @Override
    Container.Kind kind() {
        return Container.Kind.JETTY_12;
    }
}
