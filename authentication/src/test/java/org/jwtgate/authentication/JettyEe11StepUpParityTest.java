package org.jwtgate.authentication;

import java.util.Set;

/** {@link StepUpParityContract} on embedded Jetty 12.1 ee11 with its Jakarta Authentication module (execution {@code jetty-ee11}). */
class JettyEe11StepUpParityTest extends StepUpParityContract {
    @Override
    WebContainer newContainer() {
        return new JettyEe11Container(Set.of("/module"));
    }
}
