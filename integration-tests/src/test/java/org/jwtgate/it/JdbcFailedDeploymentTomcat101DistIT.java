package org.jwtgate.it;

/** The sample on the JDBC store does not deploy on the Tomcat 10.1 distribution when its tables are missing or its KEK is wrong. */
class JdbcFailedDeploymentTomcat101DistIT extends JdbcFailedDeploymentContract {
    @Override
    Container.Kind kind() {
        return Container.Kind.TOMCAT_10_1_DIST;
    }

    /** The other way round from Tomcat 11, so that each failure is tried on each database on Tomcat. */
    @Override
    JdbcDatabases.Db missingTablesDb() {
        return JdbcDatabases.Db.MARIADB;
    }
}
