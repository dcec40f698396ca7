package org.jwtgate.security;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.security.auth.message.AuthException;
import jakarta.security.auth.message.AuthStatus;
import jakarta.security.enterprise.AuthenticationException;
import jakarta.security.enterprise.AuthenticationStatus;
import jakarta.security.enterprise.authentication.mechanism.http.HttpAuthenticationMechanism;
import jakarta.security.enterprise.authentication.mechanism.http.HttpMessageContext;
import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Map;
import org.jwtgate.JwtGate;
import org.jwtgate.JwtPrincipal;
import org.jwtgate.RequestAttributes;
import org.jwtgate.authentication.JwtGateAuthentication;
import org.jwtgate.authentication.JwtGateServerAuthModule;
import org.jwtgate.filter.JwtGateFilter;
import org.jwtgate.metrics.MetricsRegistry;

/**
 * Jakarta Security 3.0's {@link HttpAuthenticationMechanism} for OAuth 2.0 bearer tokens (RFC 6750): the
 * idiom of servers whose security is built on Jakarta Security (Payara). Every request goes to
 * jwtgate-authentication's {@link JwtGateServerAuthModule} with the container's own {@code MessageInfo},
 * client subject and callback handler, so the decision, the statuses, challenges and bodies, and the
 * principal and groups handed to the container are the module's, once. The caller then reaches EJB
 * {@code @RolesAllowed}, {@code SecurityContext}, {@code isUserInRole} and the web constraints.
 *
 * <p>Configured by the {@code jwtgate.*} context-params, exactly as {@link JwtGateAuthentication}
 * (same parameters, same defaults); built when CDI announces the application's start with its servlet
 * context, so a bad value stops the deployment, else (Payara Micro 6 does not deliver that event to it) on the
 * first request. Use it instead of the {@code JwtGateAuthentication} listener, not with it: the listener
 * registers a second provider for the same application, which replaces the server's one that calls this
 * mechanism.
 *
 * <p>One engine per application: where the listener has already published its engine
 * ({@link JwtGateAuthentication#GATE_ATTRIBUTE}) the mechanism uses that one and builds, registers and closes
 * nothing; otherwise its engine is published as the servlet-context attribute {@value #GATE_ATTRIBUTE} (for
 * {@link AccessDenials}) and registered for metrics and
 * JMX ({@code org.jwtgate.metrics}) under the application's context path and the name {@value #METRICS_NAME}
 * when it is built, and unregistered and closed when the bean is destroyed (undeploy).
 */
@ApplicationScoped
public class JwtGateAuthenticationMechanism implements HttpAuthenticationMechanism {
    /** Its engine's name in metrics and JMX: {@code org.jwtgate:type=Engine,app="/ctx",name="security"}. */
    public static final String METRICS_NAME = "security";
    /** The servlet-context attribute holding its {@link JwtGate} once built (as the listener's {@code GATE_ATTRIBUTE}). */
    public static final String GATE_ATTRIBUTE = JwtGateFilter.GATE_ATTRIBUTE_PREFIX + METRICS_NAME;

    private static final System.Logger LOG = System.getLogger(JwtGateAuthenticationMechanism.class.getName());

    private volatile JwtGate gate;
    /** Whether {@link #gate} is this bean's own (built, registered and closed by it), not the listener's. */
    private boolean owned;
    private MetricsRegistry.Registration metrics;

    /** Builds the engine when the application starts; a configuration error fails the deployment. */
    void start(@Observes @Initialized(ApplicationScoped.class) ServletContext context) {
        gate(context);
    }

    private JwtGate gate(ServletContext context) {
        JwtGate g = gate;
        if (g == null) {
            synchronized (this) {
                g = gate;
                if (g == null) {
                    if (context.getAttribute(JwtGateAuthentication.GATE_ATTRIBUTE) instanceof JwtGate listeners) {
                        g = listeners;
                        LOG.log(System.Logger.Level.INFO, "jwtgate: the mechanism of ''{0}'' uses the listener''s engine",
                                context.getContextPath());
                    } else {
                        g = JwtGate.create(JwtGateAuthentication.config(context));
                        owned = true;
                        metrics = MetricsRegistry.register(context.getContextPath(), METRICS_NAME, g);
                        context.setAttribute(GATE_ATTRIBUTE, g);
                        LOG.log(System.Logger.Level.INFO, "jwtgate: the mechanism of ''{0}'' built its engine",
                                context.getContextPath());
                    }
                    gate = g;
                }
            }
        }
        return g;
    }

    @Override
    public AuthenticationStatus validateRequest(HttpServletRequest request, HttpServletResponse response,
            HttpMessageContext context) throws AuthenticationException {
        JwtGateServerAuthModule module = new JwtGateServerAuthModule(gate(request.getServletContext()));
        try {
            module.initialize(null, null, context.getHandler(), Map.of());
            AuthStatus status = module.validateRequest(context.getMessageInfo(), context.getClientSubject(), null);
            if (status != AuthStatus.SUCCESS) {
                return status == AuthStatus.SEND_CONTINUE ? AuthenticationStatus.SEND_CONTINUE : AuthenticationStatus.SEND_FAILURE;
            }
        } catch (AuthException e) {
            throw new AuthenticationException(e);
        }
        // Authenticated: the module has handed the principal and groups to the container. Anonymous: say so.
        return request.getAttribute(RequestAttributes.PRINCIPAL) instanceof JwtPrincipal
                ? AuthenticationStatus.SUCCESS : context.doNothing();
    }

    /** The engine, once built (for tests). */
    JwtGate engine() {
        return gate;
    }

    @PreDestroy
    synchronized void close() {
        if (metrics != null) {
            metrics.close();
            metrics = null;
        }
        JwtGate g = gate;
        if (g != null && owned) {
            g.close();
        }
    }
}
