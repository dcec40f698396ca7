package org.jwtgate.it;

/** The sample on the JDBC store does not deploy on the Tomcat 11 distribution when its tables are missing or its KEK is wrong. */
class JdbcFailedDeploymentTomcat11DistIT extends JdbcFailedDeploymentContract {
    @Override
    Container.Kind kind() {
        return Container.Kind.TOMCAT_11_DIST;
    }
}
