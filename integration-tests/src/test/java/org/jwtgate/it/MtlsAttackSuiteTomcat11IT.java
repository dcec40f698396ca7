package org.jwtgate.it;

/** The mTLS group of the attack catalogue through the sample WAR on Tomcat 11, over TLS with client certificates. */
class MtlsAttackSuiteTomcat11IT extends MtlsAttackSuite {
    @Override
    Container.Kind kind() {
        return Container.Kind.TOMCAT_11;
    }
}
