package org.jwtgate.it;

/** The sample WAR on Jetty12. */
class Jetty12IT extends SampleWarContract {
    @Override
    Container.Kind kind() {
        return Container.Kind.JETTY_12;
    }
}
