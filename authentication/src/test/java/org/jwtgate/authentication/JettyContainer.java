package org.jwtgate.authentication;

import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import org.eclipse.jetty.server.Server;
import org.jwtgate.filter.TestServer;

/** Embedded Jetty 12.1 (ee10), the filter module's {@link TestServer}, web applications from their web.xml. */
final class JettyContainer implements WebContainer {
    private final TestServer server = new TestServer();

    @Override
    public void start(Map<String, Path> applications) {
        applications.forEach((path, base) -> server.add(TestServer.webApp(path, base)));
        server.start();
    }

    @Override
    public String name() {
        return "Jetty " + Server.getVersion();
    }

    @Override
    public URI uri(String pathAndQuery) {
        return server.uri(pathAndQuery);
    }

    @Override
    public void close() {
        server.close();
    }
}
