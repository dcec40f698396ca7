package org.jwtgate.it;

/** The legacy WAR on Tomcat11. */
class LegacyTomcat11IT extends LegacyWarContract {
    @Override
    Container.Kind kind() {
        return Container.Kind.TOMCAT_11;
    }
}
