package org.jwtgate.authentication;

import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import org.eclipse.jetty.ee10.webapp.WebAppContext;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ContextHandlerCollection;
import org.jwtgate.filter.TestServer;

/** Embedded Jetty 12.1 (ee10), web applications from their web.xml, classes from the test class path. */
final class JettyContainer implements WebContainer {
    private final Server server = new Server();
    private final ServerConnector connector = new ServerConnector(server);

    @Override
    public void start(Map<String, Path> applications) throws Exception {
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        ContextHandlerCollection contexts = new ContextHandlerCollection();
        for (var app : applications.entrySet()) {
            contexts.addHandler(TestServer.webApp(app.getKey(), app.getValue()));
        }
        server.setHandler(contexts);
        server.start();
        for (var handler : contexts.getHandlers()) {
            if (handler instanceof WebAppContext w && !w.isAvailable()) {
                throw new IllegalStateException("web application " + w.getContextPath() + " is unavailable",
                        w.getUnavailableException());
            }
        }
    }

    @Override
    public String name() {
        return "Jetty " + Server.getVersion();
    }

    @Override
    public URI uri(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + connector.getLocalPort() + pathAndQuery);
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }
}
