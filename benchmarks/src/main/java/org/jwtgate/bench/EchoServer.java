package org.jwtgate.bench;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.jwtgate.config.GateConfig;
import org.jwtgate.filter.JwtGateFilter;

/**
 * One servlet answering the same small body at {@code /app/open/echo} and {@code /app/api/echo} on
 * embedded Jetty 12, with jwtgate's filter configured in code to protect {@code /api/*}: the cost of
 * protection alone, as the sample WAR's endpoints do different work. Runs in the child JVM that
 * {@link HttpLoad} starts. Args: port issuer jwksUri audience tokenCache.
 */
public final class EchoServer {
    private EchoServer() {
    }

    public static void main(String[] args) throws Exception {
        GateConfig config = GateConfig.builder().issuer(args[1], args[2]).audiences(args[3])
                .protectedPaths(List.of("/api/*")).tokenCache(Boolean.parseBoolean(args[4]))
                .jwksDefaultTtl(Duration.ofHours(1)).build();
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(Integer.parseInt(args[0]));
        server.addConnector(connector);
        ServletContextHandler app = new ServletContextHandler("/app");
        app.addFilter(new FilterHolder(new JwtGateFilter(config)), "/*", EnumSet.of(DispatcherType.REQUEST));
        ServletHolder echo = new ServletHolder(new HttpServlet() {
            private static final long serialVersionUID = 1L;

            @Override
            protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
                resp.setContentType("application/json;charset=UTF-8");
                resp.getWriter().write("{\"ok\":true}");
            }
        });
        app.addServlet(echo, "/open/*");
        app.addServlet(echo, "/api/*");
        server.setHandler(app);
        server.setStopAtShutdown(true);
        server.start();
        System.out.println("READY " + connector.getLocalPort());
        server.join();
    }
}
