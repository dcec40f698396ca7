package org.jwtgate.it;

/** The sample WAR on Tomcat11. */
class Tomcat11IT extends SampleWarContract {
    @Override
    Container.Kind kind() {
        return Container.Kind.TOMCAT_11;
    }
}
