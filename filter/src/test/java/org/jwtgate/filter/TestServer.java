package org.jwtgate.filter;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.webapp.WebAppContext;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ContextHandlerCollection;

/**
 * An embedded Jetty 12 on 127.0.0.1, an ephemeral port, hosting web applications deployed from web.xml
 * or assembled in code. Shared with the JAX-RS module's tests (this module's test-jar).
 */
public final class TestServer implements AutoCloseable {
    public static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private final Server server = new Server();
    private final ServerConnector connector = new ServerConnector(server);
    private final ContextHandlerCollection contexts = new ContextHandlerCollection();
    private ServerConnector tls;
    private boolean lenient;

    public TestServer() {
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        server.setHandler(contexts);
    }

    /**
     * Adds an HTTPS connector on 127.0.0.1 that presents {@code keys} (its password {@code password}) and
     * asks for a client certificate without requiring one (client auth "want"), trusting the authorities in
     * {@code trust}; the container puts the client's chain in {@code jakarta.servlet.request.X509Certificate}.
     */
    public TestServer tls(java.security.KeyStore keys, String password, java.security.KeyStore trust) {
        org.eclipse.jetty.util.ssl.SslContextFactory.Server ssl = new org.eclipse.jetty.util.ssl.SslContextFactory.Server();
        ssl.setKeyStore(keys);
        ssl.setKeyStorePassword(password);
        ssl.setTrustStore(trust);
        ssl.setWantClientAuth(true);
        org.eclipse.jetty.server.HttpConfiguration https = new org.eclipse.jetty.server.HttpConfiguration();
        https.addCustomizer(new org.eclipse.jetty.server.SecureRequestCustomizer());
        tls = new ServerConnector(server, ssl, new HttpConnectionFactory(https));
        tls.setHost("127.0.0.1");
        tls.setPort(0);
        server.addConnector(tls);
        return this;
    }

    /** The port of the connector {@link #tls} added, once started. */
    public int tlsPort() {
        return tls.getLocalPort();
    }

    /** A web application whose base directory is {@code base} (holding WEB-INF/web.xml). */
    public static WebAppContext webApp(String contextPath, Path base) {
        WebAppContext context = new WebAppContext();
        context.setContextPath(contextPath);
        context.setBaseResourceAsPath(base);
        // No WEB-INF/classes or lib: jwtgate, a JAX-RS runtime and the test classes come from the test class path.
        context.setParentLoaderPriority(true);
        return context;
    }

    /**
     * Deploys the web.xml on a server without connectors, then stops it.
     *
     * @return the startup failure, or null when the application deployed
     */
    public static Throwable deploy(WebXml webXml, Path dir) throws Exception {
        Server server = new Server();
        WebAppContext context = webApp("/", webXml.writeTo(dir));
        server.setHandler(context);
        try {
            server.start();
            return context.isAvailable() ? null : context.getUnavailableException();
        } finally {
            server.stop();
        }
    }

    /** Adds a web application deployed from web.xml; deploy all before {@link #start()}. */
    public TestServer add(String contextPath, WebXml webXml, Path dir) {
        contexts.addHandler(webApp(contextPath, webXml.writeTo(dir)));
        return this;
    }

    /** Adds a web application assembled in code. */
    public TestServer add(ServletContextHandler context) {
        contexts.addHandler(context);
        return this;
    }

    /**
     * Lets ambiguous URIs ({@code %2F}, {@code %2e%2e}, {@code %00}, …) through to the servlets, which
     * Servlet 6 containers refuse with 400 by default: for tests of what a servlet itself answers.
     */
    public TestServer lenientUris() {
        connector.getConnectionFactory(HttpConnectionFactory.class).getHttpConfiguration()
                .setUriCompliance(UriCompliance.UNSAFE);
        lenient = true;
        return this;
    }

    /** The deployed web application at {@code contextPath}. */
    public WebAppContext context(String contextPath) {
        for (var handler : contexts.getHandlers()) {
            if (handler instanceof WebAppContext w && w.getContextPath().equals(contextPath)) {
                return w;
            }
        }
        throw new IllegalArgumentException("no web application at " + contextPath);
    }

    public TestServer start() {
        for (var handler : contexts.getHandlers()) {
            if (lenient && handler instanceof WebAppContext w) {
                w.getServletHandler().setDecodeAmbiguousURIs(true);
            }
        }
        try {
            server.start();
        } catch (Exception e) {
            throw new IllegalStateException("Jetty did not start", e);
        }
        for (var handler : contexts.getHandlers()) {
            if (handler instanceof WebAppContext w && !w.isAvailable()) {
                throw new IllegalStateException("web application " + w.getContextPath() + " is unavailable",
                        w.getUnavailableException());
            }
            if (handler instanceof ServletContextHandler c && !c.isAvailable()) {
                throw new IllegalStateException("web application " + c.getContextPath() + " is unavailable");
            }
        }
        return this;
    }

    /** The port, known before {@link #start()} (the connector is opened early), for web.xml that must name it. */
    public int port() {
        try {
            connector.open();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return connector.getLocalPort();
    }

    public URI uri(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + connector.getLocalPort() + pathAndQuery);
    }

    public HttpRequest.Builder request(String pathAndQuery) {
        return HttpRequest.newBuilder(uri(pathAndQuery));
    }

    public static HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
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
