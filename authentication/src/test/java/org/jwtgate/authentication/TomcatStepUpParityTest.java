package org.jwtgate.authentication;

/** {@link StepUpParityContract} on embedded Tomcat 11 (and 10.1: surefire execution {@code tomcat-10.1}). */
class TomcatStepUpParityTest extends StepUpParityContract {
    @Override
    WebContainer newContainer() {
        return new TomcatContainer();
    }
}
