package org.jwtgate.it;

/** The legacy WAR on the Tomcat11Dist distribution. */
class LegacyTomcat11DistIT extends LegacyWarContract {
    @Override
    Container.Kind kind() {
        return Container.Kind.TOMCAT_11_DIST;
    }
}
