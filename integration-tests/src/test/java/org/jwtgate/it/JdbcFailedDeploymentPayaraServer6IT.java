package org.jwtgate.it;

/**
 * The sample on the JDBC store is refused by Payara Server 6 ({@code asadmin deploy} fails) when its
 * tables are missing or its KEK is wrong; the drivers added with {@code asadmin add-library}, the pools
 * application-scoped ({@code WEB-INF/glassfish-resources.xml}), as README tells operators.
 */
class JdbcFailedDeploymentPayaraServer6IT extends JdbcFailedDeploymentContract {
    @Override
    Container.Kind kind() {
        return Container.Kind.PAYARA_SERVER_6;
    }
}
