package org.jwtgate.it;

/** The attack catalogue through the sample WAR on Payara Micro 6. */
class AttackSuitePayaraMicro6IT extends AttackSuite {
    @Override
    Container.Kind kind() {
        return Container.Kind.PAYARA_MICRO_6;
    }
}
