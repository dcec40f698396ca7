package org.jwtgate.it;

/** The attack catalogue through the sample WAR on Payara Server 6 (the domain of PayaraServer6IT, restarted with this suite's environment). */
class AttackSuitePayaraServer6IT extends AttackSuite {
    @Override
    Container.Kind kind() {
        return Container.Kind.PAYARA_SERVER_6;
    }
}
