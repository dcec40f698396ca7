package org.jwtgate.jaxrs;

import jakarta.ws.rs.core.Configuration;
import jakarta.ws.rs.core.Feature;
import jakarta.ws.rs.core.FeatureContext;
import java.lang.System.Logger.Level;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jwtgate.JwtGate;
import org.jwtgate.config.MicroProfileConfig;
import org.jwtgate.metrics.MetricsRegistry;
import org.jwtgate.jwks.LocalJwks;
import org.jwtgate.config.ConfigException;
import org.jwtgate.config.GateConfig;
import org.jwtgate.config.Parameters;
import org.jwtgate.config.Placeholders;
import org.jwtgate.keys.JwksPublisher;
import org.jwtgate.metadata.ProtectedResourceMetadata;
import org.jwtgate.tenant.TenantSource;

/**
 * Protects a JAX-RS application with OAuth 2.0 bearer tokens (RFC 6750): register this feature
 * and every resource method gets a {@link JwtAuthenticationFilter} and, when it declares
 * {@code @RolesAllowed}, {@code @DenyAll} or {@link RequiresScopes}, a {@link JwtAuthorizationFilter}.
 *
 * <pre>{@code
 * public class ShopApplication extends Application {
 *     public Set<Class<?>> getClasses() {
 *         return Set.of(OrdersResource.class, JwtGateFeature.class);
 *     }
 * }
 * }</pre>
 *
 * <h2>Configuration</h2>
 * With the no-argument constructor, the parameters of {@link Parameters} are read, through the same
 * table and checks as the servlet filter's, from
 * <ol>
 * <li>the JAX-RS {@link Configuration} properties named {@value #PROPERTY_PREFIX}{@code <name>}
 * (for example from {@code Application.getProperties()}, or servlet init-params in Jersey), then</li>
 * <li>in a servlet container, the context-params named {@value #PROPERTY_PREFIX}{@code <name>}, the
 * same ones the servlet filter falls back to.</li>
 * </ol>
 * An unknown {@value #PROPERTY_PREFIX} name or a bad value throws {@link ConfigException} (naming the
 * parameter) from {@link #configure}, which stops the application. {@link #JwtGateFeature(GateConfig)}
 * configures in code; {@link #JwtGateFeature(JwtGate)} shares an engine, for example with the
 * servlet filter ({@code new JwtGateFilter(gate)}), which the caller closes. An engine this feature
 * creates is closed when the application stops (undeploy, reload): in a servlet container with
 * jwtgate-filter in the application (its {@code JwtGateListener}, registered by itself), with the
 * servlet context, on every JAX-RS runtime; on Jersey also through its
 * {@code ContainerLifecycleListener}. JAX-RS itself has no portable undeploy callback: with neither
 * (RESTEasy without jwtgate-filter) the engine's background refresh thread holds it weakly and stops
 * once the engine is garbage after undeploy. To close it at a moment of your choosing, create the
 * engine and pass it in.
 *
 * <p>An engine this feature creates is registered for metrics and JMX ({@code org.jwtgate.metrics}) under
 * the application's context path and the name {@code jaxrs:<servlet-name>} (the JAX-RS servlet's, {@code jaxrs}
 * when the runtime does not tell), e.g. {@code org.jwtgate:type=Engine,app="/shop",name="jaxrs:api"}, and
 * unregistered when it is closed, or once it is garbage on a runtime without a shutdown callback. A shared
 * engine is its creator's to register.
 *
 * <h2>Rules per resource method</h2>
 * <ul>
 * <li>no annotation: the {@code protected-paths}, {@code excluded-paths} and {@code mode} decide,
 * as in the servlet filter;</li>
 * <li>{@code @PermitAll}: anyone; a token that is sent on a protected path must be valid;</li>
 * <li>{@code @RolesAllowed}: a caller with one of the roles ({@code "**"}: any caller), from the
 * {@code role-claims}; {@code @RequiresScopes}: a caller with every scope;</li>
 * <li>{@code @DenyAll}: no one.</li>
 * </ul>
 * No caller → 401 with a bare challenge; a caller lacking a role or scope → 403
 * {@code insufficient_scope} (RFC 6750 §3.1). Method annotations replace class annotations of the
 * same kind (see {@link RequiresScopes}).
 *
 * <h2>Protected Resource Metadata</h2>
 * With {@code resource-identifier}, every challenge names the application's RFC 9728 metadata
 * ({@code resource_metadata}), which {@link ProtectedResourceMetadataResource}, listed beside this feature,
 * serves from this feature's configuration.
 */
public final class JwtGateFeature implements Feature {
    /** Prefix of the JAX-RS properties and servlet context-params read by the no-argument constructor. */
    public static final String PROPERTY_PREFIX = "jwtgate.";

    private static final System.Logger LOG = System.getLogger(JwtGateFeature.class.getName());

    private final GateConfig config;
    private final JwtGate gate;

    /** Configured from {@value #PROPERTY_PREFIX} properties and context-params when registered. */
    public JwtGateFeature() {
        this.config = null;
        this.gate = null;
    }

    /**
     * Configured in code; the engine is created when the feature is registered.
     *
     * @param config the engine's configuration
     */
    public JwtGateFeature(GateConfig config) {
        this.config = Objects.requireNonNull(config, "config");
        this.gate = null;
    }

    /**
     * Uses an existing engine, for example one shared with the servlet filter; not closed here.
     *
     * @param gate the engine; it stays the caller's to close
     */
    public JwtGateFeature(JwtGate gate) {
        this.config = null;
        this.gate = Objects.requireNonNull(gate, "gate");
    }

    @Override
    public boolean configure(FeatureContext context) {
        if (context.getConfiguration().isRegistered(JwtGateDynamicFeature.class)) {
            return false;
        }
        Optional<ServletEnvironment> servlet = ServletEnvironment.find(context);
        JwtGate engine = gate;
        if (engine == null) {
            GateConfig c = config != null ? config : configuration(context.getConfiguration(), servlet);
            // The application's own tenants (a JWKS servlet beside this feature) are read in process.
            engine = servlet.isPresent()
                    ? JwtGate.create(c, LocalJwks.firstOf(servlet.get()::publishers))
                    : JwtGate.create(c);
            LOG.log(Level.INFO, "jwtgate: JAX-RS feature started: {0}", c);
        }
        String contextPath = servlet.map(ServletEnvironment::contextPath).orElse(null);
        if (contextPath == null && engine.config().tenantSource().orElse(null) instanceof TenantSource.Path) {
            // Paths would be relative to the application, so a pattern written the servlet way would match
            // nothing and every tenant route would silently fall back to the configured issuers.
            ConfigException e = new ConfigException(Parameters.TENANT_SOURCE, "'" + engine.config().tenantSource().get()
                    + "' needs the servlet context to read the tenant from the path, and none was found; use host or "
                    + "header:NAME here, or run the application in a servlet container");
            if (gate == null) {
                engine.close();
            }
            LOG.log(Level.ERROR, e.getMessage() + "; the JAX-RS application will not start");
            throw e;
        }
        if (contextPath == null) {
            LOG.log(Level.INFO, "jwtgate: no servlet context found: protected-paths and excluded-paths are matched "
                    + "against paths relative to the JAX-RS application");
        }
        if (gate == null) {
            JwtGate own = engine;
            // Its metrics and MBeans (the registration holds the engine weakly) stop with it. Where there is a
            // servlet context, both stop with it (jwtgate-filter's listener); the runtime's own callback (Jersey)
            // may stop them earlier, on a reload without undeploy.
            MetricsRegistry.Registration metrics = MetricsRegistry.register(contextPath, metricsName(context), own);
            AutoCloseable stop = () -> {
                metrics.close();
                own.close();
            };
            boolean withContext = servlet.map(s -> s.closeWithContext(stop)).orElse(false);
            Optional<String> runtime = RuntimeShutdown.register(context, () -> {
                metrics.close();
                own.close();
                servlet.ifPresent(s -> s.forget(stop));
            });
            if (!withContext && runtime.isEmpty()) {
                if (!own.whenUnreachable(metrics::close)) {
                    metrics.close(); // enabled=false: no refresh thread to unregister it after undeploy, nothing to count
                }
                LOG.log(Level.INFO, "jwtgate: neither a servlet context with jwtgate-filter's listener nor a JAX-RS "
                        + "shutdown callback: the feature's engine stops its background refresh and leaves JMX once "
                        + "it is garbage after undeploy");
            }
        }
        context.register(new JwtGateDynamicFeature(engine, contextPath));
        if (engine.config().resourceMetadata().isPresent()) {
            // For ProtectedResourceMetadataResource; signed_metadata is signed by the application's JWKS servlet.
            context.property(ProtectedResourceMetadataResource.PROPERTY, ProtectedResourceMetadata.of(engine.config(),
                    () -> servlet.flatMap(s -> s.publishers().stream().filter(JwksPublisher.class::isInstance)
                            .map(JwksPublisher.class::cast).findFirst())));
        }
        return true;
    }

    /** Name of the engine the feature creates, in metrics and JMX: {@value #METRICS_PREFIX} and the JAX-RS servlet's name. */
    static String metricsName(FeatureContext context) {
        return ServletEnvironment.servletName(context).map(n -> METRICS_PREFIX + ":" + n).orElse(METRICS_PREFIX);
    }

    /** The first part of the engine's name in metrics and JMX ({@code engine} tag, {@code name} key). */
    static final String METRICS_PREFIX = "jaxrs";

    private static GateConfig configuration(Configuration configuration, Optional<ServletEnvironment> servlet) {
        Map<String, String> values = new LinkedHashMap<>();
        configuration.getProperties().forEach((name, value) -> {
            if (name.startsWith(PROPERTY_PREFIX)) {
                values.put(name.substring(PROPERTY_PREFIX.length()), value == null ? null : value.toString());
            }
        });
        servlet.ifPresent(s -> s.initParameters(PROPERTY_PREFIX).forEach(values::putIfAbsent));
        // Last, MicroProfile Config's jwtgate.* (Payara), as for the filter: the JVM-wide sources never
        // override what the application says about itself.
        ClassLoader loader = servlet.flatMap(ServletEnvironment::classLoader).orElse(JwtGateFeature.class.getClassLoader());
        MicroProfileConfig.find(loader).ifPresent(mp -> {
            Map<String, String> found = mp.parameters(PROPERTY_PREFIX, values.keySet());
            if (!found.isEmpty()) {
                LOG.log(Level.INFO, "jwtgate: JAX-RS feature parameters from MicroProfile Config: {0}", found.keySet());
            }
            values.putAll(found);
        });
        try {
            return Parameters.parse(values, Placeholders.system()).build();
        } catch (ConfigException e) {
            LOG.log(Level.ERROR, e.getMessage() + " (JAX-RS property or context-param '" + PROPERTY_PREFIX
                    + e.parameter() + "'); the JAX-RS application will not start");
            throw e;
        }
    }
}
