package org.jwtgate.it;

import org.eclipse.jetty.ee10.webapp.WebAppContext;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.ClassMatcher;

/**
 * Runs a WAR file on embedded Jetty 12 (ee10) on 127.0.0.1, in its own JVM. Args: war port contextPath. With
 * the variables of {@link TlsConnector}, also an HTTPS connector that asks for client certificates.
 */
public final class JettyLauncher {
    private JettyLauncher() {
    }

    public static void main(String[] args) throws Exception {
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(Integer.parseInt(args[1]));
        server.addConnector(connector);
        TlsConnector tls = TlsConnector.fromEnvironment();
        if (tls != null) {
            org.eclipse.jetty.util.ssl.SslContextFactory.Server ssl = new org.eclipse.jetty.util.ssl.SslContextFactory.Server();
            ssl.setKeyStorePath(tls.keyStore());
            ssl.setKeyStorePassword(tls.password());
            ssl.setKeyStoreType("PKCS12");
            ssl.setTrustStorePath(tls.trustStore());
            ssl.setTrustStorePassword(tls.password());
            ssl.setTrustStoreType("PKCS12");
            ssl.setWantClientAuth(true);
            org.eclipse.jetty.server.HttpConfiguration https = new org.eclipse.jetty.server.HttpConfiguration();
            https.addCustomizer(new org.eclipse.jetty.server.SecureRequestCustomizer());
            ServerConnector secure = new ServerConnector(server, ssl, new org.eclipse.jetty.server.HttpConnectionFactory(https));
            secure.setHost("127.0.0.1");
            secure.setPort(tls.port());
            server.addConnector(secure);
        }
        WebAppContext app = new WebAppContext();
        app.setWar(args[0]);
        app.setContextPath(args[2]);
        app.setThrowUnavailableOnStartupException(true);
        app.addHiddenClassMatcher(new ClassMatcher(ServerSlf4j.hiddenClassPatterns()));
        server.setHandler(app);
        server.setStopAtShutdown(true);
        server.start();
        System.out.println("READY jetty " + connector.getLocalPort());
        server.join();
    }
}
