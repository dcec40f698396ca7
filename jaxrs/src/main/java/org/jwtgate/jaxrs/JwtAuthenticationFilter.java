package org.jwtgate.jaxrs;

import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.core.PathSegment;
import jakarta.ws.rs.core.SecurityContext;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jwtgate.Decision;
import org.jwtgate.JwtGate;
import org.jwtgate.JwtPrincipal;
import org.jwtgate.RequestAttributes;
import org.jwtgate.authz.AccessRule;
import org.jwtgate.authz.Authorization;

/**
 * Authenticates the caller of one resource method from its bearer token (RFC 6750 §2), calling the
 * core engine once: {@link Authorization#authenticate} with the method's {@link AccessRule}.
 * Registered per resource method by {@link JwtGateFeature}.
 *
 * <ul>
 * <li>Refused (RFC 6750 §3): the request is aborted with the status, {@code WWW-Authenticate},
 * {@code Cache-Control} and JSON body decided by core, byte for byte what the servlet filter
 * writes.</li>
 * <li>Authenticated: the {@link SecurityContext} becomes a {@link JwtSecurityContext}; the request
 * properties {@value RequestAttributes#PRINCIPAL} and {@value RequestAttributes#TOKEN} are set.</li>
 * <li>Anonymous: the security context is left as it is.</li>
 * <li>The engine failed (a bug): aborted with core's 500
 * ({@link org.jwtgate.error.ErrorResponses#internalError()}), logged without the exception's
 * message, once a minute per exception class ({@link JwtGate#internalError}).</li>
 * </ul>
 * The decision is stored in the request property {@value RequestAttributes#DECISION}. In a servlet
 * container that property is the request attribute where the servlet filter stores its decision:
 * when the filter already authenticated (or refused) the request, its decision is reused and the
 * token is not validated again.
 *
 * <p>The path matched against {@code protected-paths}/{@code excluded-paths} is the one the servlet
 * filter would see (servlet path plus path info, e.g. {@code /api/orders} for a JAX-RS servlet
 * mapped to {@code /api/*}), so that one setting means the same to both; outside a servlet
 * container it is the path relative to the application's base URI (e.g. {@code /orders}).
 */
@Priority(Priorities.AUTHENTICATION)
public final class JwtAuthenticationFilter implements ContainerRequestFilter, ContainerResponseFilter {
    /** Request property: the headers core gave for the response to an accepted caller ({@link JwtGate#responseHeaders}). */
    private static final String RESPONSE_HEADERS = "org.jwtgate.jaxrs.responseHeaders";

    private static final String ACTIVITY = "checking a bearer token in the JAX-RS filter";

    private final JwtGate gate;
    private final AccessRule rule;
    private final String contextPath;

    /**
     * An authentication filter over {@code gate}.
     *
     * @param gate the engine that decides; it stays the caller's to close
     * @param rule the resource method's access rule from its annotations ({@link AccessRule#PATH_POLICY}
     *     when it has none)
     * @param contextPath the servlet context path when in a servlet container ({@code ""} for the
     *     root), or null: paths are then relative to the application's base URI
     */
    public JwtAuthenticationFilter(JwtGate gate, AccessRule rule, String contextPath) {
        this.gate = Objects.requireNonNull(gate, "gate");
        this.rule = Objects.requireNonNull(rule, "rule");
        this.contextPath = contextPath;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        Decision stored = request.getProperty(RequestAttributes.DECISION) instanceof Decision d ? d : null;
        Decision decision;
        try {
            decision = Authorization.authenticate(gate, path(request), new JaxrsBearerRequest(request, rawPath(request)),
                    rule, stored);
        } catch (RuntimeException e) {
            // Core answers every request with a decision: this is a bug. Answered with core's 500, byte for
            // byte the servlet filter's, logged once a minute per class, without the exception's text.
            request.abortWith(Responses.of(gate.internalError(ACTIVITY, e)));
            return;
        }
        request.setProperty(RequestAttributes.DECISION, decision);
        if (decision instanceof Decision.Respond respond) {
            request.abortWith(Responses.of(respond.response()));
            return;
        }
        Optional<JwtPrincipal> principal = ((Decision.Proceed) decision).principal();
        if (principal.isPresent()) {
            JwtPrincipal p = principal.get();
            request.setProperty(RequestAttributes.PRINCIPAL, p);
            p.token().ifPresent(t -> request.setProperty(RequestAttributes.TOKEN, t));
            SecurityContext original = request.getSecurityContext();
            request.setSecurityContext(new JwtSecurityContext(p, original != null && original.isSecure()));
            Map<String, String> headers = gate.responseHeaders(p);
            if (!headers.isEmpty()) {
                request.setProperty(RESPONSE_HEADERS, headers);
            }
        }
    }

    /** Adds the headers core gave for an accepted caller (a fresh {@code DPoP-Nonce}) to the resource's response. */
    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        if (request.getProperty(RESPONSE_HEADERS) instanceof Map<?, ?> headers) {
            headers.forEach((name, value) -> response.getHeaders().putSingle((String) name, value));
        }
    }

    /** The path inside the web application (see the class comment), decoded, without matrix parameters. */
    String path(ContainerRequestContext request) {
        String base = request.getUriInfo().getBaseUri().getPath();
        String prefix = base == null ? "" : base;
        if (contextPath == null || !prefix.startsWith(contextPath)) {
            prefix = "";
        } else {
            prefix = prefix.substring(contextPath.length());
        }
        StringBuilder path = new StringBuilder(prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix);
        for (PathSegment segment : request.getUriInfo().getPathSegments(true)) {
            path.append('/').append(segment.getPath());
        }
        return path.length() == 0 ? "/" : path.toString();
    }

    /**
     * The same path as sent (not decoded, matrix parameters kept), relative to the same base as
     * {@link #path}, for tenant-bound routes; null when the request URI does not start with that base.
     */
    String rawPath(ContainerRequestContext request) {
        String raw = request.getUriInfo().getRequestUri().getRawPath();
        String base = contextPath;
        if (base == null) {
            String b = request.getUriInfo().getBaseUri().getRawPath();
            base = b == null ? "" : b.endsWith("/") ? b.substring(0, b.length() - 1) : b;
        }
        if (raw == null || !raw.startsWith(base)) {
            return null;
        }
        String rest = raw.substring(base.length());
        return rest.isEmpty() ? "/" : rest;
    }
}
