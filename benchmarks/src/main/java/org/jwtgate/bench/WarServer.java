package org.jwtgate.bench;

import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import org.eclipse.jetty.ee10.webapp.WebAppContext;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.ClassMatcher;
import org.slf4j.LoggerFactory;
import org.slf4j.spi.SLF4JServiceProvider;

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
        hideServerSlf4j(app);
        server.setHandler(app);
        server.setStopAtShutdown(true);
        server.start();
        System.out.println("READY " + connector.getLocalPort());
        server.join();
    }

    /**
     * Hides the launcher's own SLF4J (its API and every provider on the launcher's class path) from the web
     * application, by package and by jar, classes and {@code META-INF/services} files alike. Otherwise the
     * WAR's copy of slf4j-api, loaded by the webapp class loader, finds the launcher's provider through
     * the parent loader; that provider implements the launcher's {@code SLF4JServiceProvider}, not the
     * WAR's, so SLF4J reports "not a subtype", finds no provider and drops jose4j's messages. Hidden, the
     * WAR logs through the provider it bundles, as on a server that has no SLF4J of its own (Tomcat).
     */
    static void hideServerSlf4j(WebAppContext app) {
        List<String> hidden = new ArrayList<>();
        hidden.add("org.slf4j.");
        hidden.add(location(LoggerFactory.class));
        ServiceLoader.load(SLF4JServiceProvider.class, LoggerFactory.class.getClassLoader()).stream()
                .forEach(provider -> hidden.add(location(provider.type())));
        app.addHiddenClassMatcher(new ClassMatcher(hidden.toArray(String[]::new)));
    }

    private static String location(Class<?> type) {
        try {
            return type.getProtectionDomain().getCodeSource().getLocation().toURI().toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
