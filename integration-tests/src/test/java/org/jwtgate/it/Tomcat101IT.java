package org.jwtgate.it;

/** The sample WAR on Tomcat101. */
class Tomcat101IT extends SampleWarContract {
    @Override
    Container.Kind kind() {
        return Container.Kind.TOMCAT_10_1;
    }
}
