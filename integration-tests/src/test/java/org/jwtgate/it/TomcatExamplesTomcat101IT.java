package org.jwtgate.it;

/** Tomcat's examples webapp on the Tomcat101 distribution, started with catalina.sh. */
class TomcatExamplesTomcat101IT extends TomcatExamplesContract {
    @Override
    String homeProperty() {
        return "jwtgate.it.tomcat101";
    }
}
