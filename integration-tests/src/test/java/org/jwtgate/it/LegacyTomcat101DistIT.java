package org.jwtgate.it;

/** The legacy WAR on the Tomcat101Dist distribution. */
class LegacyTomcat101DistIT extends LegacyWarContract {
    @Override
    Container.Kind kind() {
        return Container.Kind.TOMCAT_10_1_DIST;
    }
}
