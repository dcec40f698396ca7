package org.jwtgate.it;

import jakarta.security.auth.message.config.AuthConfigFactory;
import java.nio.file.Path;
import org.eclipse.jetty.ee11.security.jaspi.DefaultAuthConfigFactory;
import org.eclipse.jetty.ee11.webapp.WebAppContext;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.ClassMatcher;
import org.eclipse.jetty.util.resource.ResourceFactory;
import org.eclipse.jetty.xml.XmlConfiguration;

/**
 * Runs a WAR file on embedded Jetty 12.1 ee11 with Jakarta Authentication on 127.0.0.1, in its own JVM,
 * set up as a distribution with the {@code ee11-jaspi} module: Jetty's {@link DefaultAuthConfigFactory}
 * installed, then the context configured by a Jetty context XML file (README's block
 * {@value #CONTEXT_XML_BLOCK}). Args: war port contextPath contextXml.
 */
public final class JettyEe11Launcher {
    /** README's context XML for a web application using jwtgate's authentication module on Jetty ee11. */
    static final String CONTEXT_XML_BLOCK = "jetty-ee11-context-xml";

    private JettyEe11Launcher() {
    }

    public static void main(String[] args) throws Exception {
        // What etc/jaspi/jetty-ee11-jaspi-default.xml of the ee11-jaspi module does.
        AuthConfigFactory.setFactory(new DefaultAuthConfigFactory());
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
        new XmlConfiguration(ResourceFactory.of(server).newResource(Path.of(args[3]))).configure(app);
        server.setHandler(app);
        server.setStopAtShutdown(true);
        server.start();
        System.out.println("READY jetty-ee11 " + connector.getLocalPort());
        server.join();
    }
}
