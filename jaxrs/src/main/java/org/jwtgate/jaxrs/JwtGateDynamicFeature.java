package org.jwtgate.jaxrs;

import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.DynamicFeature;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.FeatureContext;
import org.jwtgate.JwtGate;
import org.jwtgate.authz.AccessRule;

/**
 * Binds the filters to each resource method with the method's {@link AccessRule}, read from its
 * annotations at deployment (a bad annotation fails deployment). Ours rather than a runtime's
 * (Jersey's {@code RolesAllowedDynamicFeature} must be enabled explicitly; others differ), so
 * every runtime enforces the same rules with the same answers.
 */
final class JwtGateDynamicFeature implements DynamicFeature {
    private final JwtGate gate;
    private final String contextPath;

    JwtGateDynamicFeature(JwtGate gate, String contextPath) {
        this.gate = gate;
        this.contextPath = contextPath;
    }

    @Override
    public void configure(ResourceInfo resource, FeatureContext context) {
        AccessRule rule = AccessRules.of(resource.getResourceClass(), resource.getResourceMethod());
        context.register(new JwtAuthenticationFilter(gate, rule, contextPath), Priorities.AUTHENTICATION);
        if (rule.kind() == AccessRule.Kind.DENY_ALL || rule.kind() == AccessRule.Kind.AUTHENTICATED) {
            context.register(new JwtAuthorizationFilter(gate.responses(), rule), Priorities.AUTHORIZATION);
        }
    }
}
