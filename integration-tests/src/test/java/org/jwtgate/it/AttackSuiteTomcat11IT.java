package org.jwtgate.it;

/** The attack catalogue through the sample WAR on Tomcat 11. */
class AttackSuiteTomcat11IT extends AttackSuite {
    @Override
    Container.Kind kind() {
        return Container.Kind.TOMCAT_11;
    }
}
