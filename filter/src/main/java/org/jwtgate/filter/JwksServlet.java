package org.jwtgate.filter;

import jakarta.servlet.ServletConfig;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.jwtgate.config.ConfigException;
import org.jwtgate.config.Placeholders;
import org.jwtgate.jwks.LocalJwks;
import org.jwtgate.keys.JwksPublisher;
import org.jwtgate.keys.PublisherConfig;
import org.jwtgate.keys.PublisherParameters;
import org.jwtgate.keys.PublisherResponse;
import org.jwtgate.metrics.MetricsRegistry;

/**
 * Publishes each tenant's JWK Set (RFC 7517 §5) and, optionally, its metadata (OpenID Connect
 * discovery document and RFC 8414 authorization server metadata), configured entirely in {@code web.xml}:
 *
 * <pre>{@code
 * <servlet>
 *   <servlet-name>jwks</servlet-name>
 *   <servlet-class>org.jwtgate.filter.JwksServlet</servlet-class>
 *   <init-param><param-name>key-directory</param-name><param-value>/var/lib/myapp/keys</param-value></init-param>
 *   <init-param><param-name>key-password</param-name><param-value>${env:JWTGATE_KEY_PASSWORD}</param-value></init-param>
 *   <init-param><param-name>issuer</param-name><param-value>https://auth.example.com/t/{tenant}</param-value></init-param>
 *   <load-on-startup>1</load-on-startup>
 * </servlet>
 * <servlet-mapping>
 *   <servlet-name>jwks</servlet-name>
 *   <url-pattern>/t/*</url-pattern>
 * </servlet-mapping>
 * }</pre>
 *
 * Init-params are the names of {@link PublisherParameters}, parsed by core like the filter's; an
 * unknown name, a bad value, or a store that cannot be opened (a wrong key password, missing tables,
 * keys under another KEK) fails deployment with a message naming the parameter: {@link JwtGateListener}
 * builds the publisher when the application starts, before any servlet (an exception from a servlet's
 * {@code init} would not stop the deployment on Tomcat). Everything a
 * response says is decided by {@link JwksPublisher#respond}; this class only translates (an
 * exception from it, a bug, is answered with {@link JwksPublisher#internalError}). The path
 * given to it is the path info ({@code /acme/oauth2/jwks} under {@code /t/*}), or the servlet path
 * for an exact mapping.
 *
 * <h2>For the application</h2>
 * From the application's start (with {@link JwtGateListener}; otherwise after {@link #init}, so use
 * {@code load-on-startup}), the publisher is the servlet-context attribute
 * {@value #PUBLISHER_ATTRIBUTE} (and {@value #PUBLISHER_ATTRIBUTE}{@code .<servlet-name>}), also
 * returned by {@link #publisher(ServletContext)}: its {@code store()} creates and rotates tenants,
 * its {@code signer()} signs tokens.
 */
public class JwksServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    /** Servlet-context attribute holding the {@link JwksPublisher}. */
    public static final String PUBLISHER_ATTRIBUTE = "org.jwtgate.publisher";

    private static final System.Logger LOG = System.getLogger(JwksServlet.class.getName());

    private transient PublisherConfig programmaticConfig;
    private transient JwksPublisher publisher;
    /** Whether this servlet built the publisher and so closes it in {@code destroy}. */
    private boolean ownsPublisher;
    private transient MetricsRegistry.Registration metrics;

    /** For {@code web.xml}: configured from init-params in {@link #init}. */
    public JwksServlet() {
    }

    /**
     * Configured in code; init-params are ignored.
     *
     * @param config the publisher's configuration; the publisher is built in {@link #init()}
     */
    public JwksServlet(PublisherConfig config) {
        this.programmaticConfig = Objects.requireNonNull(config, "config");
    }

    /**
     * Serves an existing publisher (for example over a database store); not closed here.
     *
     * @param publisher the publisher to serve; it stays the caller's to close
     */
    public JwksServlet(JwksPublisher publisher) {
        this.publisher = Objects.requireNonNull(publisher, "publisher");
    }

    /**
     * The publisher of the JWKS servlet of this application, once it is initialised.
     *
     * @param context the application's servlet context
     * @return the publisher, or empty before the servlet is initialised or when the application has none
     */
    public static Optional<JwksPublisher> publisher(ServletContext context) {
        return context.getAttribute(PUBLISHER_ATTRIBUTE) instanceof JwksPublisher p ? Optional.of(p) : Optional.empty();
    }

    /**
     * The publishers of the JWKS servlets of this application, as one {@link LocalJwks} looked up at
     * each call: what a filter or feature of the same application reads its own tenants' keys from,
     * without a network hop. A lazy lookup, so the order in which the container starts filters and
     * servlets does not matter.
     *
     * @param context the application's servlet context
     * @return the application's tenants' keys, looked up in {@code context} at each call
     */
    public static LocalJwks inProcess(ServletContext context) {
        return LocalJwks.firstOf(() -> {
            Set<JwksPublisher> found = new LinkedHashSet<>();
            for (String n : Collections.list(context.getAttributeNames())) {
                if ((n.equals(PUBLISHER_ATTRIBUTE) || n.startsWith(PUBLISHER_ATTRIBUTE + "."))
                        && context.getAttribute(n) instanceof JwksPublisher p) {
                    found.add(p);
                }
            }
            return found;
        });
    }

    @Override
    public void init(ServletConfig servletConfig) throws ServletException {
        super.init(servletConfig);
        String name = servletConfig.getServletName();
        ServletContext context = servletConfig.getServletContext();
        if (publisher == null) {
            JwksPublisher prebuilt = programmaticConfig == null
                    ? JwtGateListener.take(context, JwtGateListener.PUBLISHER, name, JwksPublisher.class) : null;
            try {
                publisher = prebuilt != null ? prebuilt : programmaticConfig != null ? start(name, programmaticConfig)
                        : build(name, initParameters(servletConfig));
            } catch (StartupFailure e) {
                throw new ServletException(e.getMessage(), e.getCause());
            }
            ownsPublisher = true;
        }
        publish(context, name, publisher);
        metrics = MetricsRegistry.register(context.getContextPath(), name, publisher);
    }

    /** Makes {@code publisher} the application's ({@link #publisher(ServletContext)}), and the one of {@code name}. */
    static void publish(ServletContext context, String name, JwksPublisher publisher) {
        Object first = context.getAttribute(PUBLISHER_ATTRIBUTE);
        if (first == null) {
            context.setAttribute(PUBLISHER_ATTRIBUTE, publisher);
        } else if (first != publisher && context.getAttribute(PUBLISHER_ATTRIBUTE + "." + name) != publisher) {
            LOG.log(Level.WARNING, "jwtgate: several JWKS servlets; {0} holds the first, use {0}.{1} for ''{1}''",
                    PUBLISHER_ATTRIBUTE, name);
        }
        context.setAttribute(PUBLISHER_ATTRIBUTE + "." + name, publisher);
    }

    /**
     * Builds the publisher of the JWKS servlet {@code name} from its init-params (opening its store:
     * files, key store or database); a bad configuration is logged once and thrown as a
     * {@link StartupFailure} whose message is that log line.
     */
    static JwksPublisher build(String name, Map<String, String> initParameters) {
        PublisherConfig config;
        try {
            config = PublisherParameters.parse(initParameters, Placeholders.system()).build();
        } catch (ConfigException e) {
            throw StartupFailure.logged(LOG, e.getMessage() + "; the JWKS servlet '" + name
                    + "' is not started and the application will not deploy", e);
        }
        return start(name, config);
    }

    private static JwksPublisher start(String name, PublisherConfig config) {
        try {
            JwksPublisher p = JwksPublisher.create(config);
            LOG.log(Level.INFO, "jwtgate: JWKS servlet ''{0}'' started: {1}", name, config);
            return p;
        } catch (ConfigException e) {
            throw StartupFailure.logged(LOG, e.getMessage() + "; the JWKS servlet '" + name
                    + "' is not started and the application will not deploy", e);
        } catch (RuntimeException e) {
            throw StartupFailure.logged(LOG, "jwtgate: JWKS servlet '" + name + "' cannot start: "
                    + e.getClass().getName() + "; the application will not deploy", e);
        }
    }

    /** A servlet's init-params, by name. */
    static Map<String, String> initParameters(ServletConfig config) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String n : Collections.list(config.getInitParameterNames())) {
            values.put(n, config.getInitParameter(n));
        }
        return values;
    }

    /** Every method goes to the publisher, which answers 405 for all but GET, HEAD and OPTIONS (TRACE included). */
    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        PublisherResponse answer;
        try {
            answer = publisher.respond(new ServletPublisherRequest(request, false));
        } catch (RuntimeException e) {
            // A bug: answered 500 by core, never the container's error page; logged once a minute per class.
            answer = publisher.internalError("answering a JWKS or discovery request", e);
        }
        write(request, response, answer);
    }

    /** Writes core's {@code answer} verbatim: status, headers in order, body (none for {@code HEAD}). */
    static void write(HttpServletRequest request, HttpServletResponse response, PublisherResponse answer) throws IOException {
        response.setStatus(answer.status());
        answer.headers().forEach((name, value) -> {
            switch (name) {
                case "Content-Type" -> response.setContentType(value);
                case "Content-Length" -> response.setContentLengthLong(Long.parseLong(value));
                default -> response.setHeader(name, value);
            }
        });
        byte[] body = answer.body();
        if (body.length > 0 && !"HEAD".equals(request.getMethod())) {
            response.getOutputStream().write(body);
        }
    }

    @Override
    public void destroy() {
        if (metrics != null) {
            metrics.close();
        }
        ServletContext context = getServletContext();
        if (context.getAttribute(PUBLISHER_ATTRIBUTE) == publisher) {
            context.removeAttribute(PUBLISHER_ATTRIBUTE);
        }
        context.removeAttribute(PUBLISHER_ATTRIBUTE + "." + getServletName());
        if (publisher != null && ownsPublisher) {
            publisher.close();
        }
    }
}
