package org.jwtgate.it;

import org.eclipse.jetty.ee10.webapp.WebAppContext;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.ClassMatcher;

/** Runs a WAR file on embedded Jetty 12 (ee10) on 127.0.0.1, in its own JVM. Args: war port contextPath. */
public final class JettyLauncher {
    private JettyLauncher() {
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
        app.addHiddenClassMatcher(new ClassMatcher(ServerSlf4j.hiddenClassPatterns()));
        server.setHandler(app);
        server.setStopAtShutdown(true);
        server.start();
        System.out.println("READY jetty " + connector.getLocalPort());
        server.join();
    }
}
