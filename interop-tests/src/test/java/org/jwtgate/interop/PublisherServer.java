package org.jwtgate.interop;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ContextHandlerCollection;
import org.jwtgate.filter.JwksServlet;
import org.jwtgate.keys.JwksPublisher;
import org.jwtgate.keys.KeyType;
import org.jwtgate.tenant.TenantId;

/**
 * jwtgate's key publisher as a user deploys it: a {@link JwksServlet} configured by init-params, on an
 * embedded Jetty 12 at 127.0.0.1 and a free port. One web application per key type
 * ({@code /rsa-2048}, {@code /ec-p256}, …), each serving tenants {@code acme} and {@code globex} below
 * {@code /t/*}: issuer {@code http://127.0.0.1:PORT/<key-type>/t/<tenant>}.
 */
final class PublisherServer implements AutoCloseable {
    static final TenantId ACME = TenantId.of("acme");
    static final TenantId GLOBEX = TenantId.of("globex");

    private final Server server = new Server();
    private final ServerConnector connector = new ServerConnector(server);
    private final Map<KeyType, ServletContextHandler> contexts = new LinkedHashMap<>();

    PublisherServer(Path keys, List<KeyType> types) {
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        try {
            connector.open(); // the port is known before the issuers are configured
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ContextHandlerCollection handlers = new ContextHandlerCollection();
        for (KeyType type : types) {
            ServletContextHandler context = new ServletContextHandler("/" + type.configName());
            ServletHolder holder = new ServletHolder("jwks", JwksServlet.class);
            holder.setInitParameter("key-directory", keys.resolve(type.configName()).toString());
            holder.setInitParameter("key-password", "interop-test-password");
            holder.setInitParameter("key-type", type.configName());
            holder.setInitParameter("issuer", base() + "/" + type.configName() + "/t/{tenant}");
            holder.setInitParameter("tenants", ACME + " " + GLOBEX);
            holder.setInitOrder(1);
            context.addServlet(holder, "/t/*");
            contexts.put(type, context);
            handlers.addHandler(context);
        }
        server.setHandler(handlers);
        try {
            server.start();
        } catch (Exception e) {
            throw new IllegalStateException("publisher server did not start", e);
        }
    }

    String base() {
        return "http://127.0.0.1:" + connector.getLocalPort();
    }

    JwksPublisher publisher(KeyType type) {
        return JwksServlet.publisher(contexts.get(type).getServletContext()).orElseThrow();
    }

    String issuer(KeyType type, TenantId tenant) {
        return publisher(type).issuer(tenant);
    }

    String jwksUri(KeyType type, TenantId tenant) {
        return publisher(type).config().jwksUri(tenant);
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }
}
