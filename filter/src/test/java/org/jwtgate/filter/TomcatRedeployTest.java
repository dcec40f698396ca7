package org.jwtgate.filter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.lang.ref.WeakReference;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Set;
import java.util.stream.Stream;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.apache.catalina.Context;
import org.apache.catalina.startup.Tomcat;
import org.jwtgate.testing.LocalIssuer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Undeploy and redeploy on embedded Tomcat 11 of a web application that carries jwtgate in its own
 * class loader (WEB-INF/classes and WEB-INF/lib, as a WAR does): its MBeans come with each deployment
 * and go with it, and the class loader of an undeployed application is collected (nothing of jwtgate's
 * — MBeans, registry, refresh thread — keeps it alive).
 */
class TomcatRedeployTest {
    private static final MBeanServer JMX = ManagementFactory.getPlatformMBeanServer();

    @TempDir
    Path base;

    private static Path jarOf(Class<?> type) throws Exception {
        return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    private Path webapp() throws Exception {
        Path app = base.resolve("app");
        Path classes = Files.createDirectories(app.resolve("WEB-INF/classes"));
        Path lib = Files.createDirectories(app.resolve("WEB-INF/lib"));
        for (Class<?> c : new Class<?>[] {org.jwtgate.JwtGate.class, JwtGateFilter.class}) {
            Path from = jarOf(c);
            if (Files.isRegularFile(from)) { // a reactor build past 'package' resolves the module's jar
                Files.copy(from, lib.resolve(from.getFileName()), StandardCopyOption.REPLACE_EXISTING);
                continue;
            }
            try (Stream<Path> files = Files.walk(from)) {
                for (Path f : files.filter(Files::isRegularFile).toList()) {
                    Path to = classes.resolve(from.relativize(f).toString());
                    Files.createDirectories(to.getParent());
                    Files.copy(f, to, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        for (Class<?> c : new Class<?>[] {org.jose4j.jwt.JwtClaims.class, org.slf4j.LoggerFactory.class}) {
            Files.copy(jarOf(c), lib.resolve(jarOf(c).getFileName()));
        }
        return app;
    }

    private static String webXml(LocalIssuer issuer) {
        return """
                <web-app xmlns="https://jakarta.ee/xml/ns/jakartaee" version="6.0">
                  <filter>
                    <filter-name>jwtgate</filter-name>
                    <filter-class>org.jwtgate.filter.JwtGateFilter</filter-class>
                    <init-param><param-name>issuers</param-name><param-value>%s|%s</param-value></init-param>
                    <init-param><param-name>audiences</param-name><param-value>api</param-value></init-param>
                    <init-param><param-name>protected-paths</param-name><param-value>/api/*</param-value></init-param>
                  </filter>
                  <filter-mapping><filter-name>jwtgate</filter-name><url-pattern>/*</url-pattern></filter-mapping>
                  <servlet>
                    <servlet-name>health</servlet-name>
                    <servlet-class>org.jwtgate.filter.JwtGateHealthServlet</servlet-class>
                  </servlet>
                  <servlet-mapping><servlet-name>health</servlet-name><url-pattern>/health/jwtgate</url-pattern></servlet-mapping>
                </web-app>
                """.formatted(issuer.issuer(), issuer.jwksUri());
    }

    private static Set<ObjectName> mbeans() throws Exception {
        return JMX.queryNames(new ObjectName("org.jwtgate:app=\"/redeploy\",*"), null);
    }

    @Test
    void undeployLeavesNoMBeanAndTheApplicationsClassLoaderIsCollected() throws Exception {
        Path app = webapp();
        try (LocalIssuer issuer = LocalIssuer.start()) {
            Files.writeString(app.resolve("WEB-INF/web.xml"), webXml(issuer));
            Tomcat tomcat = new Tomcat();
            tomcat.setBaseDir(base.resolve("tomcat").toString());
            tomcat.getConnector().setPort(0);
            tomcat.getConnector().setProperty("address", "127.0.0.1");
            tomcat.setAddDefaultWebXmlToWebapp(false);
            tomcat.getHost().setAutoDeploy(false);
            tomcat.start();
            try {
                ObjectName engine = new ObjectName("org.jwtgate:type=Engine,app=\"/redeploy\",name=\"jwtgate\"");
                java.util.List<WeakReference<ClassLoader>> loaders = new java.util.ArrayList<>();
                for (int deployment = 0; deployment < 2; deployment++) {
                    Context context = tomcat.addWebapp("/redeploy", app.toString());
                    int port = tomcat.getConnector().getLocalPort();
                    HttpResponse<String> health = TestServer.CLIENT.send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + port + "/redeploy/health/jwtgate")).build(),
                            HttpResponse.BodyHandlers.ofString());
                    assertEquals(200, health.statusCode(), health.body());
                    assertEquals(2, mbeans().size(), "the engine and its issuer's key set: " + mbeans());
                    ClassLoader loader = JMX.getClassLoaderFor(engine);
                    assertNotSame(getClass().getClassLoader(), loader, "jwtgate runs in the application's own class loader");
                    for (WeakReference<ClassLoader> earlier : loaders) {
                        assertNotSame(earlier.get(), loader, "a new class loader per deployment");
                    }
                    loaders.add(new WeakReference<>(loader));
                    loader = null;
                    tomcat.getHost().removeChild(context);
                    context = null;
                    assertTrue(mbeans().isEmpty(), "undeployed: no MBean left: " + mbeans());
                }
                for (int i = 0; i < 40 && loaders.stream().anyMatch(l -> l.get() != null); i++) {
                    System.gc();
                    Thread.sleep(100);
                }
                for (int d = 0; d < loaders.size(); d++) {
                    assertNull(loaders.get(d).get(), "the class loader of deployment " + (d + 1) + " was collected");
                }
            } finally {
                tomcat.stop();
                tomcat.destroy();
            }
        }
    }
}
