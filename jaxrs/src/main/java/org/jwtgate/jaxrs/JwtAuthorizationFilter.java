package org.jwtgate.jaxrs;

import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import java.util.Objects;
import org.jwtgate.Decision;
import org.jwtgate.RequestAttributes;
import org.jwtgate.authz.AccessRule;
import org.jwtgate.authz.Authorization;
import org.jwtgate.error.ErrorResponses;

/**
 * Enforces a resource method's {@code @RolesAllowed}, {@code @DenyAll} and {@link RequiresScopes}
 * with {@link Authorization#authorize}, after {@link JwtAuthenticationFilter}: no caller → 401 with
 * a bare challenge; a caller without the role or scope → 403 {@code insufficient_scope} (RFC 6750
 * §3.1). Registered per resource method by {@link JwtGateFeature}; a request without a stored
 * decision is treated as anonymous.
 */
@Priority(Priorities.AUTHORIZATION)
public final class JwtAuthorizationFilter implements ContainerRequestFilter {
    private final ErrorResponses responses;
    private final AccessRule rule;

    /**
     * Enforces {@code rule}.
     *
     * @param responses renders the refusals, with the engine's realm
     * @param rule the resource method's roles and scopes
     */
    public JwtAuthorizationFilter(ErrorResponses responses, AccessRule rule) {
        this.responses = Objects.requireNonNull(responses, "responses");
        this.rule = Objects.requireNonNull(rule, "rule");
    }

    @Override
    public void filter(ContainerRequestContext request) {
        Decision authenticated = request.getProperty(RequestAttributes.DECISION) instanceof Decision d ? d
                : Decision.ANONYMOUS;
        if (Authorization.authorize(responses, authenticated, rule) instanceof Decision.Respond refusal) {
            request.abortWith(Responses.of(refusal.response()));
        }
    }
}
