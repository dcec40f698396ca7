package org.jwtgate.it;

/** The sample WAR on Payara Server 6 (asadmin deploy); fails on the old JAX-RS feature, which did not find the servlet context there. */
class PayaraServer6IT extends SampleWarContract {
    @Override
    Container.Kind kind() {
        return Container.Kind.PAYARA_SERVER_6;
    }
}
