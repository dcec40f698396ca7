package org.jwtgate.it;

/** The attack catalogue through the sample WAR on the Tomcat 11 distribution. */
class AttackSuiteTomcat11DistIT extends AttackSuite {
    @Override
    Container.Kind kind() {
        return Container.Kind.TOMCAT_11_DIST;
    }
}
