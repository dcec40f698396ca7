package org.jwtgate.authentication;

import jakarta.security.auth.message.config.AuthConfigFactory;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.eclipse.jetty.ee11.security.jaspi.DefaultAuthConfigFactory;
import org.eclipse.jetty.ee11.security.jaspi.JaspiAuthenticator;
import org.eclipse.jetty.ee11.webapp.WebAppContext;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ContextHandlerCollection;

/**
 * Embedded Jetty 12.1 ee11 (Servlet 6.1) with its Jakarta Authentication module (jetty-ee11-jaspi), set up
 * as its {@code ee11-jaspi} module sets up a distribution: Jetty's {@link DefaultAuthConfigFactory}
 * installed with {@link AuthConfigFactory#setFactory}. The applications in {@code jaspiContexts} also get
 * Jetty's {@link JaspiAuthenticator} for the application context {@code "server " + contextPath}, set on
 * their security handler before they start (README "Container-managed security", Jetty).
 */
final class JettyEe11Container implements WebContainer {
    private final Set<String> jaspiContexts;
    private final Server server = new Server();
    private final ServerConnector connector = new ServerConnector(server);

    JettyEe11Container(Set<String> jaspiContexts) {
        this.jaspiContexts = jaspiContexts;
    }

    @Override
    public void start(Map<String, Path> applications) throws Exception {
        AuthConfigFactory.setFactory(new DefaultAuthConfigFactory());
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        ContextHandlerCollection contexts = new ContextHandlerCollection();
        for (var app : applications.entrySet()) {
            WebAppContext context = new WebAppContext();
            context.setContextPath(app.getKey());
            context.setBaseResourceAsPath(app.getValue());
            // No WEB-INF/classes or lib: jwtgate, Jersey and the test classes come from the test class path.
            context.setParentLoaderPriority(true);
            context.setThrowUnavailableOnStartupException(true);
            if (jaspiContexts.contains(app.getKey())) {
                // A factory, asked when the security handler starts (after web.xml set its auth method), not an
                // authenticator, which a <login-config> with another auth method would replace.
                String appContext = "server " + app.getKey();
                context.getSecurityHandler().setAuthenticatorFactory((s, c, configuration) -> new JaspiAuthenticator(null, appContext, true));
            }
            contexts.addHandler(context);
        }
        server.setHandler(contexts);
        server.start();
    }

    @Override
    public String name() {
        return "Jetty " + Server.getVersion() + " ee11";
    }

    @Override
    public URI uri(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + connector.getLocalPort() + pathAndQuery);
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException("Jetty did not stop", e);
        }
    }
}
