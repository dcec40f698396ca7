package org.jwtgate.it;

/** Tomcat's examples webapp on the Tomcat11 distribution, started with catalina.sh. */
class TomcatExamplesTomcat11IT extends TomcatExamplesContract {
    @Override
    Container.Kind kind() {
        return Container.Kind.TOMCAT_11_DIST;
    }
}
