package org.jwtgate.it;

/** The sample WAR on the Tomcat 10.1 distribution (catalina.sh run, setenv.sh from README). */
class Tomcat101DistIT extends SampleWarContract {
    @Override
    Container.Kind kind() {
        return Container.Kind.TOMCAT_10_1_DIST;
    }
}
