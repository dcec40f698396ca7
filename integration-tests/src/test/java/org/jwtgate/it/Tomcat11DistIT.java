package org.jwtgate.it;

/** The sample WAR on the Tomcat 11 distribution (catalina.sh run, setenv.sh from README). */
class Tomcat11DistIT extends SampleWarContract {
    @Override
    Container.Kind kind() {
        return Container.Kind.TOMCAT_11_DIST;
    }
}
