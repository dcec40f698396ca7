package org.jwtgate.sample;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * Starts the built sample WAR on embedded Jetty 12 (ee10) at the root context and prints the curl
 * sequence. {@code run-demo.sh} builds the WAR and sets the environment (PORT, JWTGATE_PUBLIC_URL,
 * JWTGATE_ISSUERS, JWTGATE_DATA_DIR, JWTGATE_KEY_PASSWORD, JWTGATE_DEMO_TOKENS) before calling it. Args:
 * the WAR file.
 */
public final class DemoLauncher {
    private DemoLauncher() {
    }

    public static void main(String[] args) throws Exception {
        Path war = Path.of(args.length > 0 ? args[0] : "sample-war/target/sample.war").toAbsolutePath();
        if (!Files.isRegularFile(war)) {
            System.err.println("No WAR at " + war + ": build it with mvn -pl sample-war -am package");
            System.exit(2);
        }
        int port = Integer.parseInt(System.getenv().getOrDefault("PORT", "8080"));
        String host = System.getenv().getOrDefault("HOST", "127.0.0.1");
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost(host);
        connector.setPort(port);
        server.addConnector(connector);
        WebAppContext app = new WebAppContext();
        app.setWar(war.toString());
        app.setContextPath("/");
        app.setThrowUnavailableOnStartupException(true);
        hideServerSlf4j(app);
        server.setHandler(app);
        server.setStopAtShutdown(true);
        server.start();
        String base = System.getenv().getOrDefault("JWTGATE_PUBLIC_URL", "http://127.0.0.1:" + port);
        System.out.println();
        System.out.println("jwtgate sample running at " + base + "/  (keys in "
                + Path.of(System.getenv().getOrDefault("JWTGATE_DATA_DIR", "jwtgate-data")).toAbsolutePath() + ")");
        System.out.println();
        if ("true".equals(System.getenv("JWTGATE_DEMO_TOKENS"))) {
            System.out.println("POST /demo/token is ON (JWTGATE_DEMO_TOKENS=true): anyone who can reach it gets tokens.");
            System.out.println("TOKEN=$(curl -s -H 'Accept: text/plain' -d tenant=acme -d subject=alice -d roles=admin,orders-manager"
                    + " -d 'scope=orders:read orders:write' " + base + "/demo/token)");
        } else {
            System.out.println("POST /demo/token is off (JWTGATE_DEMO_TOKENS=true switches it on); bring a token of a trusted issuer:");
            System.out.println("TOKEN=...");
        }
        System.out.println("curl -i -H \"Authorization: Bearer $TOKEN\" " + base + "/api/whoami");
        System.out.println("curl -i " + base + "/api/whoami");
        System.out.println("curl -s -H \"Authorization: Bearer $TOKEN\" " + base + "/status");
        System.out.println("curl -i -H \"Authorization: Bearer $TOKEN\" " + base + "/api/rest/t/acme/orders");
        System.out.println("curl -i -H \"Authorization: Bearer $TOKEN\" " + base + "/api/rest/t/globex/orders");
        System.out.println("curl -i " + base + "/t/acme/oauth2/jwks");
        System.out.println();
        System.out.println("Ctrl-C stops it; the tenants' keys stay for the next start.");
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
