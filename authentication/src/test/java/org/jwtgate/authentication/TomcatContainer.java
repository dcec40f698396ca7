package org.jwtgate.authentication;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.LifecycleState;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.scan.StandardJarScanner;

/**
 * Embedded Tomcat (11, or 10.1 when the class path holds that one), as it comes: its own Jakarta Authentication (AuthConfigFactoryImpl, found by
 * Tomcat's AuthConfigFactory without configuration) and its in-memory default realm.
 */
final class TomcatContainer implements WebContainer {
    private Tomcat tomcat;
    private Connector connector;

    @Override
    public void start(Map<String, Path> applications) throws Exception {
        Path base = Files.createTempDirectory("jwtgate-tomcat");
        tomcat = new Tomcat();
        tomcat.setBaseDir(base.toString());
        connector = tomcat.getConnector();
        connector.setPort(0);
        connector.setProperty("address", "127.0.0.1");
        tomcat.getHost().setAutoDeploy(false);
        tomcat.setAddDefaultWebXmlToWebapp(false);
        for (var app : applications.entrySet()) {
            Context context = tomcat.addWebapp(app.getKey(), app.getValue().toString());
            ((StandardJarScanner) context.getJarScanner()).setScanClassPath(false);
        }
        tomcat.start();
        for (var child : tomcat.getHost().findChildren()) {
            if (child.getState() != LifecycleState.STARTED) {
                throw new IllegalStateException("web application " + child.getName() + " did not start: " + child.getState());
            }
        }
    }

    @Override
    public String name() {
        return "Tomcat " + org.apache.catalina.util.ServerInfo.getServerNumber();
    }

    @Override
    public URI uri(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + connector.getLocalPort() + pathAndQuery);
    }

    @Override
    public void close() {
        if (tomcat != null) {
            try {
                tomcat.stop();
                tomcat.destroy();
            } catch (LifecycleException e) {
                throw new IllegalStateException("Tomcat did not stop", e);
            }
        }
    }
}
