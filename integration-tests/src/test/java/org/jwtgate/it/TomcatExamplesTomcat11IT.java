package org.jwtgate.it;

/** Tomcat's examples webapp on the Tomcat11 distribution, started with catalina.sh. */
class TomcatExamplesTomcat11IT extends TomcatExamplesContract {
    @Override
    String homeProperty() {
        return "jwtgate.it.tomcat11";
    }
}
