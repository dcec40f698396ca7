package org.jwtgate.it;

/**
 * The legacy WAR on Jetty 12.1 ee11 with jetty-ee11-jaspi, switched on as README tells Jetty operators: the
 * ee11-jaspi module's DefaultAuthConfigFactory and README's context XML block.
 */
class LegacyJetty12Ee11IT extends LegacyWarContract {
    @Override
    Container.Kind kind() {
        return Container.Kind.JETTY_12_EE11;
    }

    @Override
    boolean refusesOnUnconstrainedPaths() {
        return false;
    }
}
