package org.jwtgate.it;

/** The sample's own tenants without a network hop on Tomcat11. */
class InProcessKeysTomcat11IT extends InProcessKeysContract {
    @Override
    Container.Kind kind() {
        return Container.Kind.TOMCAT_11;
    }
}
