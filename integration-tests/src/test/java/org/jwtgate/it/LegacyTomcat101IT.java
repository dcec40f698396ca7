package org.jwtgate.it;

/** The legacy WAR on Tomcat101. */
class LegacyTomcat101IT extends LegacyWarContract {
    @Override
    Container.Kind kind() {
        return Container.Kind.TOMCAT_10_1;
    }
}
