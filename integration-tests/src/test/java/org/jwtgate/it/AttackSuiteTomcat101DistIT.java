package org.jwtgate.it;

/** The attack catalogue through the sample WAR on the Tomcat 10.1 distribution. */
class AttackSuiteTomcat101DistIT extends AttackSuite {
    @Override
    Container.Kind kind() {
        return Container.Kind.TOMCAT_10_1_DIST;
    }
}
