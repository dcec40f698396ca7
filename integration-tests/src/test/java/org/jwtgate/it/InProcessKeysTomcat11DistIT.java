package org.jwtgate.it;

/** The sample's own tenants without a network hop on the Tomcat 11 distribution. */
class InProcessKeysTomcat11DistIT extends InProcessKeysContract {
    @Override
    Container.Kind kind() {
        return Container.Kind.TOMCAT_11_DIST;
    }
}
