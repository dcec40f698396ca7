package org.jwtgate.authentication;

import jakarta.security.auth.message.config.AuthConfigFactory;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.jwtgate.JwtGate;
import org.jwtgate.config.ConfigException;
import org.jwtgate.config.GateConfig;
import org.jwtgate.config.Parameters;
import org.jwtgate.config.Placeholders;
import org.jwtgate.filter.JwtGateFilter;
import org.jwtgate.filter.StartupFailure;
import org.jwtgate.filter.WebXmlParameters;
import org.jwtgate.metrics.MetricsRegistry;

/**
 * Switches on {@link JwtGateServerAuthModule} for one web application from {@code web.xml} alone:
 *
 * <pre>{@code
 * <listener><listener-class>org.jwtgate.authentication.JwtGateAuthentication</listener-class></listener>
 * <context-param><param-name>jwtgate.issuers</param-name><param-value>https://idp.example.com</param-value></context-param>
 * <context-param><param-name>jwtgate.audiences</param-name><param-value>my-api</param-value></context-param>
 * }</pre>
 *
 * The parameters are the filter's ({@link Parameters}), as context-params named
 * {@value WebXmlParameters#CONTEXT_PARAM_PREFIX}{@code <name>}, with one different default:
 * {@code mode} is {@code optional}, since the container's security constraints decide where a caller
 * is required. An unknown name or a bad value logs one line naming the parameter and throws, so the
 * application does not deploy; so does a container without a Jakarta Authentication
 * {@link AuthConfigFactory}.
 *
 * <p>On Jetty, which asks the module only about constrained resources, the listener also adds a
 * {@link JwtGateFilter} over the same engine for {@code /*} (REQUEST dispatches), so that unconstrained
 * resources are decided as on Tomcat: a bad token is refused, {@code mode=required} holds, and a decision
 * the module stored is reused, never validated twice.
 *
 * <p>On start the listener registers a {@link JwtGateAuthConfigProvider} with the container's
 * {@link AuthConfigFactory} for layer {@value JwtGateAuthConfigProvider#LAYER} and this application
 * only (application context {@code getVirtualServerName() + " " + getContextPath()}; where the former is
 * null, as on Jetty without virtual hosts, {@code "server " + getContextPath()}), and publishes
 * the engine as the servlet-context attribute {@value #GATE_ATTRIBUTE}; on undeploy it removes the
 * registration and closes the engine.
 */
public class JwtGateAuthentication implements ServletContextListener {
    /** The servlet-context attribute holding the module's {@link JwtGate}, for statistics. */
    public static final String GATE_ATTRIBUTE = JwtGateFilter.GATE_ATTRIBUTE_PREFIX + "authentication";
    /** The name of the filter the listener adds on Jetty. */
    static final String JETTY_FILTER_NAME = "jwtgate-authentication";
    /** The module's default {@code mode}: the container's constraints decide where a token is required. */
    static final String DEFAULT_MODE = "optional";

    private static final System.Logger LOG = System.getLogger(JwtGateAuthentication.class.getName());

    private JwtGate gate;
    private String registration;
    private MetricsRegistry.Registration metrics;

    @Override
    public void contextInitialized(ServletContextEvent event) {
        ServletContext context = event.getServletContext();
        String appContext = appContext(context);
        GateConfig config = config(context);
        AuthConfigFactory factory = AuthConfigFactory.getFactory();
        if (factory == null) {
            String message = "jwtgate: this container has no Jakarta Authentication (AuthConfigFactory is null; on Jetty "
                    + "enable its jaspi module); the application '" + context.getContextPath() + "' will not deploy";
            LOG.log(Level.ERROR, message);
            throw new IllegalStateException(message);
        }
        gate = JwtGate.create(config);
        registration = factory.registerConfigProvider(new JwtGateAuthConfigProvider(gate),
                JwtGateAuthConfigProvider.LAYER, appContext, "jwtgate bearer tokens for " + appContext);
        context.setAttribute(GATE_ATTRIBUTE, gate);
        metrics = MetricsRegistry.register(context.getContextPath(), "authentication", gate);
        if (config.enabled() && isJetty(context)) {
            try {
                addJettyFilter(context, gate);
            } catch (RuntimeException e) {
                contextDestroyed(event); // the application will not deploy: nothing stays registered or open
                throw e;
            }
        }
        LOG.log(Level.INFO, "jwtgate: Jakarta Authentication module registered for ''{0}'': {1}", appContext, config);
    }

    /**
     * On Jetty, which asks the module only about constrained resources (and lazily, with no response to write,
     * about others when the application asks who calls), a {@link JwtGateFilter} over the same engine mapped to
     * {@code /*} for REQUEST dispatches: it reuses the module's stored decision where the module ran, and elsewhere
     * decides as the module does on an unconstrained resource (path policy and {@code mode}), so a bad token is
     * refused and {@code mode=required} holds as on Tomcat. Named {@value #JETTY_FILTER_NAME}; matched before
     * the filters of {@code web.xml}.
     */
    private static void addJettyFilter(ServletContext context, JwtGate gate) {
        FilterRegistration.Dynamic filter = context.addFilter(JETTY_FILTER_NAME, new EngineFilter(new JwtGateFilter(gate)));
        if (filter == null) {
            String message = "jwtgate: a filter named '" + JETTY_FILTER_NAME + "' already exists in the application '"
                    + context.getContextPath() + "'; the application will not deploy";
            LOG.log(Level.ERROR, message);
            throw new IllegalStateException(message);
        }
        filter.setAsyncSupported(true);
        filter.addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), false, "/*");
    }

    /**
     * The filter over the module's engine, initialised without its {@link FilterConfig}: the listener, not the
     * filter, publishes the engine's attribute and metrics and closes it.
     */
    private static final class EngineFilter implements Filter {
        private final JwtGateFilter delegate;

        EngineFilter(JwtGateFilter delegate) {
            this.delegate = delegate;
        }

        @Override
        public void init(FilterConfig config) throws ServletException {
            delegate.init(null);
        }

        @Override
        public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
                throws IOException, ServletException {
            delegate.doFilter(request, response, chain);
        }

        @Override
        public void destroy() {
            delegate.destroy();
        }
    }

    /**
     * The Jakarta Authentication application context identifier of {@code context} (Servlet Container
     * Profile): {@code getVirtualServerName() + " " + getContextPath()}. Where the container names no virtual
     * server (Jetty 12 without virtual hosts answers null), the identifier Jetty's Jakarta Authentication
     * asks for instead: {@code "server " + contextPath}, {@code "/"} for the root context
     * (jetty-ee11-jaspi's {@code JaspiAuthenticatorFactory.findServerName}).
     */
    static String appContext(ServletContext context) {
        String host = context.getVirtualServerName();
        if (host == null) {
            String path = context.getContextPath();
            return "server " + (path == null || path.isEmpty() ? "/" : path);
        }
        return host + " " + context.getContextPath();
    }

    /** Jetty 12 (its {@code getServerInfo()} is {@code jetty/<version>}). */
    private static boolean isJetty(ServletContext context) {
        String info = context.getServerInfo();
        return info != null && info.regionMatches(true, 0, "jetty/", 0, "jetty/".length());
    }

    /**
     * The module's configuration from {@code context}'s {@code jwtgate.*} context-params, with the module's
     * defaults; throws {@link ConfigException} with one log line when a value is bad. Shared with
     * jwtgate-security's mechanism, so both read the same parameters the same way.
     *
     * @param context the application's servlet context
     * @return the module's configuration
     */
    public static GateConfig config(ServletContext context) {
        Set<String> fromContext = new LinkedHashSet<>();
        Map<String, String> values = WebXmlParameters.of(Map.of(), context, fromContext);
        values.putIfAbsent(Parameters.MODE, DEFAULT_MODE);
        try {
            return Parameters.parse(values, Placeholders.system()).build();
        } catch (ConfigException e) {
            if (fromContext.contains(e.parameter()) && !StartupFailure.firstReport(context, e.parameter())) {
                throw e; // JwtGateListener has logged this context-param
            }
            String message = WebXmlParameters.describe(e, fromContext);
            LOG.log(Level.ERROR, message + "; the Jakarta Authentication module is not registered and the application '"
                    + context.getContextPath() + "' will not deploy");
            throw e;
        }
    }

    @Override
    public void contextDestroyed(ServletContextEvent event) {
        if (registration != null) {
            AuthConfigFactory factory = AuthConfigFactory.getFactory();
            if (factory != null) {
                factory.removeRegistration(registration);
            }
            registration = null;
        }
        if (metrics != null) {
            metrics.close();
            metrics = null;
        }
        ServletContext context = event.getServletContext();
        if (gate != null) {
            if (context.getAttribute(GATE_ATTRIBUTE) == gate) {
                context.removeAttribute(GATE_ATTRIBUTE);
            }
            gate.close();
            gate = null;
        }
    }
}
