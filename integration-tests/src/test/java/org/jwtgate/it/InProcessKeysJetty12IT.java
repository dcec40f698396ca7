package org.jwtgate.it;

/** The sample's own tenants without a network hop on Jetty12. */
class InProcessKeysJetty12IT extends InProcessKeysContract {
    @Override
    Container.Kind kind() {
        return Container.Kind.JETTY_12;
    }
}
