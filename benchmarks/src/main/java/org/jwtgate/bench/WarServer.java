package org.jwtgate.bench;

import org.eclipse.jetty.ee10.webapp.WebAppContext;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * Runs a WAR on embedded Jetty 12 (ee10) on 127.0.0.1, in the child JVM that {@link HttpLoad} starts
 * with the environment the WAR's {@code ${env:…}} placeholders read. Args: war port contextPath.
 */
public final class WarServer {
    private WarServer() {
    }

    public static void main(String[] args) throws Exception {
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(Integer.parseInt(args[1]));
        server.addConnector(connector);
        WebAppContext app = new WebAppContext();
        app.setWar(args[0]);
        app.setContextPath(args[2]);
        app.setThrowUnavailableOnStartupException(true);
        server.setHandler(app);
        server.setStopAtShutdown(true);
        server.start();
        System.out.println("READY " + connector.getLocalPort());
        server.join();
    }
}
