package org.jwtgate.filter;

import jakarta.servlet.ServletConfig;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jwtgate.config.ConfigException;
import org.jwtgate.config.GateConfig;
import org.jwtgate.config.Parameters;
import org.jwtgate.config.Placeholders;
import org.jwtgate.keys.PublisherResponse;
import org.jwtgate.metadata.ProtectedResourceMetadata;

/**
 * Serves the application's OAuth 2.0 Protected Resource Metadata (RFC 9728), decided by core's
 * {@link ProtectedResourceMetadata}, from the same parameters as the filter: its own init-params, then
 * the {@code jwtgate.*} context-params and MicroProfile Config ({@link WebXmlParameters}). Put the
 * shared parameters ({@code issuers}, {@code audiences}, {@code dpop}, {@code resource-identifier}, …)
 * in context-params, and the filter's challenges and this document say the same thing:
 *
 * <pre>{@code
 * <context-param><param-name>jwtgate.resource-identifier</param-name><param-value>https://api.example.com</param-value></context-param>
 * <servlet>
 *   <servlet-name>resource-metadata</servlet-name>
 *   <servlet-class>org.jwtgate.filter.ProtectedResourceMetadataServlet</servlet-class>
 * </servlet>
 * <servlet-mapping>
 *   <servlet-name>resource-metadata</servlet-name>
 *   <url-pattern>/.well-known/oauth-protected-resource/*</url-pattern>
 * </servlet-mapping>
 * }</pre>
 *
 * The document is served at {@code /.well-known/oauth-protected-resource} followed by the resource
 * identifier's path, inside the application (RFC 9728 §3.1); the filter never asks a token there. A
 * missing {@code resource-identifier} or a bad value fails the deployment ({@link JwtGateListener}
 * checks it when the application starts). With {@code resource-metadata-signing-tenant}, the
 * application's {@link JwksServlet} signs {@code signed_metadata}.
 */
public class ProtectedResourceMetadataServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private static final System.Logger LOG = System.getLogger(ProtectedResourceMetadataServlet.class.getName());

    private transient GateConfig programmaticConfig;
    private transient ProtectedResourceMetadata metadata;

    /** For {@code web.xml}: configured from init-params and context-params in {@link #init}. */
    public ProtectedResourceMetadataServlet() {
    }

    /**
     * Configured in code; init-params are ignored.
     *
     * @param config the engine's configuration, with a {@code resource-identifier}
     */
    public ProtectedResourceMetadataServlet(GateConfig config) {
        this.programmaticConfig = Objects.requireNonNull(config, "config");
    }

    @Override
    public void init(ServletConfig servletConfig) throws ServletException {
        super.init(servletConfig);
        ServletContext context = servletConfig.getServletContext();
        String name = servletConfig.getServletName();
        ProtectedResourceMetadata prebuilt = programmaticConfig == null
                ? JwtGateListener.take(context, JwtGateListener.METADATA, name, ProtectedResourceMetadata.class) : null;
        try {
            metadata = prebuilt != null ? prebuilt : programmaticConfig != null ? start(name, programmaticConfig, context)
                    : build(name, JwksServlet.initParameters(servletConfig), context);
        } catch (StartupFailure e) {
            throw new ServletException(e.getMessage(), e.getCause());
        }
    }

    /**
     * The metadata of the servlet {@code name} from its init-params, the context-params and
     * MicroProfile Config; a bad configuration is logged once and thrown as a {@link StartupFailure}.
     */
    static ProtectedResourceMetadata build(String name, Map<String, String> initParameters, ServletContext context) {
        Set<String> fromContext = new HashSet<>();
        Set<String> fromMicroProfile = new HashSet<>();
        Map<String, String> values = WebXmlParameters.withMicroProfileConfig("resource metadata servlet '" + name + "'",
                initParameters, context, fromContext, fromMicroProfile);
        GateConfig config;
        try {
            config = Parameters.parse(values, Placeholders.system()).build();
        } catch (ConfigException e) {
            throw StartupFailure.logged(LOG, WebXmlParameters.describe(e, fromContext, fromMicroProfile)
                    + "; the resource metadata servlet '" + name + "' is not started and the application will not deploy", e);
        }
        return start(name, config, context);
    }

    private static ProtectedResourceMetadata start(String name, GateConfig config, ServletContext context) {
        try {
            ProtectedResourceMetadata m = ProtectedResourceMetadata.of(config, () -> JwksServlet.publisher(context));
            LOG.log(Level.INFO, "jwtgate: resource metadata servlet ''{0}'' serves {1}", name, m.url());
            return m;
        } catch (ConfigException e) {
            throw StartupFailure.logged(LOG, e.getMessage() + "; the resource metadata servlet '" + name
                    + "' is not started and the application will not deploy", e);
        }
    }

    /** Every method goes to core, which answers 405 for all but GET and HEAD (TRACE and OPTIONS included). */
    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        PublisherResponse answer;
        try {
            answer = metadata.respond(new ServletPublisherRequest(request, true));
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, "jwtgate: answering a resource metadata request failed: " + e.getClass().getName());
            answer = PublisherResponse.error(500, "server_error", Map.of());
        }
        JwksServlet.write(request, response, answer);
    }
}
