package org.jwtgate.it;

/** Tomcat's examples webapp on the Tomcat101 distribution, started with catalina.sh. */
class TomcatExamplesTomcat101IT extends TomcatExamplesContract {
    @Override
    Container.Kind kind() {
        return Container.Kind.TOMCAT_10_1_DIST;
    }
}
