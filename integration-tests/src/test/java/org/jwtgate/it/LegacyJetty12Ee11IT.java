package org.jwtgate.it;

/**
 * The legacy WAR on Jetty 12.1 ee11 with jetty-ee11-jaspi, switched on as README tells Jetty operators: the
 * ee11-jaspi module's DefaultAuthConfigFactory and README's context XML block. Bad tokens on unconstrained
 * paths are refused as on Tomcat, by the filter the listener adds on Jetty.
 */
class LegacyJetty12Ee11IT extends LegacyWarContract {
    @Override
    Container.Kind kind() {
        return Container.Kind.JETTY_12_EE11;
    }
}
