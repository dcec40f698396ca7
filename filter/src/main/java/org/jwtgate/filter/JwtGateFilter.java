package org.jwtgate.filter;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.jwtgate.Decision;
import org.jwtgate.JwtGate;
import org.jwtgate.JwtPrincipal;
import org.jwtgate.RequestAttributes;
import org.jwtgate.authz.AccessRule;
import org.jwtgate.authz.Authorization;
import org.jwtgate.config.ConfigException;
import org.jwtgate.config.GateConfig;
import org.jwtgate.config.Parameters;
import org.jwtgate.config.Placeholders;
import org.jwtgate.metrics.MetricsRegistry;

/**
 * Validates OAuth 2.0 bearer tokens (RFC 6750) in front of a web application, configured entirely
 * in {@code web.xml}:
 *
 * <pre>{@code
 * <filter>
 *   <filter-name>jwtgate</filter-name>
 *   <filter-class>org.jwtgate.filter.JwtGateFilter</filter-class>
 *   <async-supported>true</async-supported>
 *   <init-param><param-name>issuers</param-name><param-value>https://idp.example.com</param-value></init-param>
 *   <init-param><param-name>audiences</param-name><param-value>my-api</param-value></init-param>
 * </filter>
 * <filter-mapping>
 *   <filter-name>jwtgate</filter-name>
 *   <url-pattern>/*</url-pattern>
 *   <dispatcher>REQUEST</dispatcher>
 *   <dispatcher>FORWARD</dispatcher>
 *   <dispatcher>INCLUDE</dispatcher>
 *   <dispatcher>ASYNC</dispatcher>
 * </filter-mapping>
 * }</pre>
 *
 * <h2>Configuration</h2>
 * Init-params are the names of {@link Parameters}. A parameter not given as an init-param is taken
 * from a context-param named {@value #CONTEXT_PARAM_PREFIX}{@code <name>}, so that several filters
 * can share one setting, and then, where the server has MicroProfile Config, from its
 * {@code jwtgate.<name>} ({@link WebXmlParameters}). An unknown name (init-param, or context-param
 * with that prefix) or a bad value fails deployment: {@link JwtGateListener} builds the engine when
 * the application starts, logs the message, which names the parameter, and throws; without the
 * listener, {@link #init} does the same and throws a {@link ServletException}. Filters built with
 * {@link #JwtGateFilter(GateConfig)} or {@link #JwtGateFilter(JwtGate)} ignore init- and
 * context-params. The engine reads the keys of issuers served by a {@link JwksServlet} of the same
 * application in process ({@link JwksServlet#inProcess}).
 *
 * <h2>Per request</h2>
 * The path checked against {@code protected-paths}/{@code excluded-paths} is
 * {@code getServletPath() + getPathInfo()}: the decoded, normalised path the container used to pick
 * the servlet, without the context path and without path parameters such as {@code ;jsessionid}.
 * (The raw request URI is not used: {@code /%68ealth} or {@code /health;x} would then not match the
 * servlet that actually serves them.) On an include it is the included resource's path, from the
 * {@code jakarta.servlet.include.servlet_path} and {@code path_info} attributes, since the getters
 * then describe the including request; forward, async and error dispatches update the getters. A
 * dispatch is seen only if the mapping names its dispatcher type: map FORWARD, INCLUDE and ASYNC
 * too, or a page outside the protected paths can forward to, include or dispatch to one inside.
 * Declare the filter {@code async-supported}: without it every servlet behind it that starts async
 * processing fails (Servlet 6.0 §2.3.3.3), on unprotected paths too.
 * <ul>
 * <li>Refused (RFC 6750 §3): the status, headers and JSON body decided by core are written verbatim
 * (400 {@code invalid_request}, 401 with or without {@code invalid_token}, 503 with
 * {@code Retry-After}); the chain is not called. On an include, where status and headers cannot be
 * set, the included resource is not run and nothing is written: the including page finds the
 * refusal in {@value #DECISION_ATTRIBUTE}.</li>
 * <li>Authenticated: the chain gets a {@link JwtRequestWrapper}; the request attributes
 * {@value #PRINCIPAL_ATTRIBUTE} (the {@link JwtPrincipal}) and {@value #TOKEN_ATTRIBUTE} (the raw
 * token, for propagation to downstream services; applications must never log it) are set.</li>
 * <li>Anonymous (unprotected path, or no token with {@code mode=optional}): the chain gets the
 * request unchanged.</li>
 * </ul>
 * The decision is stored in the request attribute {@value #DECISION_ATTRIBUTE}. When the filter sees
 * the same request again (a forward or include, or the filter mapped twice), a stored authenticated
 * or refusing decision is reused, so a token is validated once per request. A stored anonymous
 * decision is re-examined only if the new path is protected, so that a forward from an excluded
 * path never reaches a protected one unchecked.
 *
 * <p>An exception from the engine (a bug: it answers every request with a decision) is answered
 * with core's 500 ({@link org.jwtgate.error.ErrorResponses#internalError()}), never the container's
 * error page, and logged without its message, once a minute per exception class
 * ({@link JwtGate#internalError}).
 *
 * <p>Requests that are not HTTP pass through. {@link #destroy()} closes the engine this filter
 * created; an engine passed to {@link #JwtGateFilter(JwtGate)} stays the caller's to close.
 */
public class JwtGateFilter implements Filter {
    /** Request attribute holding the {@link Decision} taken for the request. */
    public static final String DECISION_ATTRIBUTE = RequestAttributes.DECISION;
    /** Request attribute holding the authenticated {@link JwtPrincipal}. */
    public static final String PRINCIPAL_ATTRIBUTE = RequestAttributes.PRINCIPAL;
    /** Request attribute holding the raw bearer token of an authenticated request; never log it. */
    public static final String TOKEN_ATTRIBUTE = RequestAttributes.TOKEN;
    /** Prefix of the context-params read as fallback for parameters not given as init-params. */
    public static final String CONTEXT_PARAM_PREFIX = WebXmlParameters.CONTEXT_PARAM_PREFIX;
    /**
     * Prefix of the servlet-context attribute holding a filter's {@link JwtGate}, followed by the
     * filter's name: {@code org.jwtgate.gate.jwtgate} for a filter named {@code jwtgate}. For the
     * application to read the engine's statistics ({@link JwtGate#tokenCacheStats()},
     * {@link JwtGate#validations()}); set while the filter is in service.
     */
    public static final String GATE_ATTRIBUTE_PREFIX = "org.jwtgate.gate.";

    private static final System.Logger LOG = System.getLogger(JwtGateFilter.class.getName());
    private static final String ACTIVITY = "checking a bearer token in the servlet filter";

    private GateConfig programmaticConfig;
    private JwtGate gate;
    private boolean ownsGate;
    private ServletContext context;
    private String gateAttribute;
    private MetricsRegistry.Registration metrics;

    /** For {@code web.xml}: configured from init-params and context-params in {@link #init}. */
    public JwtGateFilter() {
    }

    /**
     * Configured in code; {@link #init} ignores init- and context-params and creates the engine.
     *
     * @param config the engine's configuration
     */
    public JwtGateFilter(GateConfig config) {
        this.programmaticConfig = Objects.requireNonNull(config, "config");
    }

    /**
     * Uses an existing engine (for example one shared with the JAX-RS filter); not closed here.
     *
     * @param gate the engine; it stays the caller's to close
     */
    public JwtGateFilter(JwtGate gate) {
        this.gate = Objects.requireNonNull(gate, "gate");
    }

    @Override
    public void init(FilterConfig filterConfig) throws ServletException {
        context = filterConfig == null ? null : filterConfig.getServletContext();
        String name = filterConfig == null ? null : filterConfig.getFilterName();
        if (gate == null) {
            JwtGate prebuilt = programmaticConfig == null ? JwtGateListener.take(context, JwtGateListener.GATE, name, JwtGate.class)
                    : null;
            try {
                gate = prebuilt != null ? prebuilt : programmaticConfig != null ? start(name, programmaticConfig, context)
                        : build(name, initParameters(filterConfig), context);
            } catch (StartupFailure e) {
                throw new ServletException(e.getMessage(), e.getCause());
            }
            ownsGate = true;
        }
        if (context != null && name != null) {
            gateAttribute = GATE_ATTRIBUTE_PREFIX + name;
            context.setAttribute(gateAttribute, gate);
        }
        if (filterConfig != null && filterConfig.getFilterName() != null) {
            metrics = MetricsRegistry.register(context == null ? null : context.getContextPath(), filterConfig.getFilterName(), gate);
        }
    }

    /**
     * Builds the engine of the filter {@code name} from its init-params, the context-params and
     * MicroProfile Config ({@link WebXmlParameters#withMicroProfileConfig}); a bad configuration is logged once and thrown as a
     * {@link StartupFailure} whose message is that log line.
     */
    static JwtGate build(String name, Map<String, String> initParameters, ServletContext context) {
        Set<String> fromContext = new HashSet<>();
        Set<String> fromMicroProfile = new HashSet<>();
        Map<String, String> values = WebXmlParameters.withMicroProfileConfig("filter '" + name + "'", initParameters,
                context, fromContext, fromMicroProfile);
        GateConfig config;
        try {
            config = Parameters.parse(values, Placeholders.system()).build();
        } catch (ConfigException e) {
            throw StartupFailure.logged(LOG, WebXmlParameters.describe(e, fromContext, fromMicroProfile) + "; the filter '" + name
                    + "' is not started and the application will not deploy", e);
        }
        return start(name, config, context);
    }

    private static JwtGate start(String name, GateConfig config, ServletContext context) {
        try {
            JwtGate gate = context == null ? JwtGate.create(config) : JwtGate.create(config, JwksServlet.inProcess(context));
            LOG.log(Level.INFO, "jwtgate: filter ''{0}'' started: {1}", name, config);
            return gate;
        } catch (ConfigException e) {
            throw StartupFailure.logged(LOG, e.getMessage() + "; the filter '" + name
                    + "' is not started and the application will not deploy", e);
        } catch (RuntimeException e) {
            throw StartupFailure.logged(LOG, "jwtgate: filter '" + name + "' cannot start: " + e, e);
        }
    }

    private static Map<String, String> initParameters(FilterConfig filterConfig) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String n : Collections.list(filterConfig.getInitParameterNames())) {
            values.put(n, filterConfig.getInitParameter(n));
        }
        return values;
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
            throws IOException, ServletException {
        if (!(req instanceof HttpServletRequest request) || !(res instanceof HttpServletResponse response)) {
            chain.doFilter(req, res);
            return;
        }
        if (gate == null) {
            throw new ServletException("jwtgate: filter used before init()");
        }
        Decision stored = request.getAttribute(DECISION_ATTRIBUTE) instanceof Decision d ? d : null;
        Decision decision;
        try {
            decision = Authorization.authenticate(gate, path(request), new ServletBearerRequest(request),
                    AccessRule.PATH_POLICY, stored);
        } catch (RuntimeException e) {
            // Core answers every request with a decision: this is a bug. Answered with core's 500 (never
            // the container's error page), logged once a minute per class, without the exception's text.
            ServletResponses.write(request, response, gate.internalError(ACTIVITY, e));
            return;
        }
        if (decision != stored) {
            request.setAttribute(DECISION_ATTRIBUTE, decision);
        }
        if (decision instanceof Decision.Respond respond) {
            ServletResponses.write(request, response, respond.response());
            return;
        }
        Optional<JwtPrincipal> principal = ((Decision.Proceed) decision).principal();
        if (principal.isEmpty()) {
            chain.doFilter(request, response);
            return;
        }
        JwtPrincipal p = principal.get();
        request.setAttribute(PRINCIPAL_ATTRIBUTE, p);
        p.token().ifPresent(t -> request.setAttribute(TOKEN_ATTRIBUTE, t));
        // On a forward the request already answers as the principal (it wraps our wrapper).
        HttpServletRequest next = request.getUserPrincipal() == p ? request : new JwtRequestWrapper(request, p);
        gate.responseHeaders(p).forEach(response::setHeader); // a fresh DPoP-Nonce, with dpop-nonce=required
        chain.doFilter(next, response);
    }

    /**
     * The path inside the application of the resource this dispatch reaches: servlet path plus path
     * info, both decoded and normalised. On an include the getters describe the including request
     * (Servlet 6.0 §9.3.1), so the included resource's path comes from the
     * {@code jakarta.servlet.include.*} attributes; a named include has none and is checked at the
     * including request's path. Forward, async and error dispatches update the getters themselves
     * (§9.4, §2.3.3.3, §10.9.1).
     *
     * @param request the request as this dispatch sees it
     * @return the decoded, normalised path inside the application, starting with {@code /}
     */
    public static String path(HttpServletRequest request) {
        String servletPath = request.getServletPath();
        String pathInfo = request.getPathInfo();
        if (request.getDispatcherType() == DispatcherType.INCLUDE
                && request.getAttribute(RequestDispatcher.INCLUDE_SERVLET_PATH) instanceof String included) {
            servletPath = included;
            pathInfo = request.getAttribute(RequestDispatcher.INCLUDE_PATH_INFO) instanceof String info ? info : null;
        }
        String path = (servletPath == null ? "" : servletPath) + (pathInfo == null ? "" : pathInfo);
        return path.isEmpty() ? "/" : path;
    }

    /** Closes the engine, if this filter created it. */
    @Override
    public void destroy() {
        if (metrics != null) {
            metrics.close();
        }
        if (gateAttribute != null && context.getAttribute(gateAttribute) == gate) {
            context.removeAttribute(gateAttribute);
        }
        if (gate != null && ownsGate) {
            gate.close();
        }
    }
}
