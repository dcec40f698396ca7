package org.jwtgate.security;

import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;
import jakarta.security.enterprise.SecurityContext;
import java.io.Serializable;
import java.security.Principal;
import java.util.Optional;
import org.jwtgate.authz.AccessRule;

/**
 * Enforces {@code @RolesAllowed}, {@code @PermitAll} and {@code @DenyAll} on the CDI beans that
 * {@link RolesAllowedExtension} binds it to (method-level replaces class-level, {@link RoleRules}). It decides
 * from Jakarta Security's {@link SecurityContext}, so it holds whichever of jwtgate's two paths authenticated the
 * request (the {@code JwtGateAuthentication} listener's module or {@link JwtGateAuthenticationMechanism}), and
 * honours the server's role mapping. A refusal is an {@link AccessDeniedException}: unauthenticated without a
 * caller, forbidden without a role; {@link AccessDenials} answers it as core does.
 *
 * <p>Enabled for the whole application by its {@link Priority}, early among the platform's interceptors so that
 * a refused call runs nothing else.
 */
@RolesEnforced
@Interceptor
@Priority(Interceptor.Priority.PLATFORM_BEFORE + 100)
public class RolesAllowedInterceptor implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Who calls, as Jakarta Security sees it. */
    @Inject
    SecurityContext security;

    /** For CDI. */
    public RolesAllowedInterceptor() {
    }

    /** Over a given {@code SecurityContext} (for tests). */
    RolesAllowedInterceptor(SecurityContext security) {
        this.security = security;
    }

    /**
     * Lets the call proceed, or refuses it.
     *
     * @param invocation the intercepted call
     * @return what the method returned
     * @throws AccessDeniedException when the caller may not call the method
     * @throws Exception what the method threw
     */
    @AroundInvoke
    public Object check(InvocationContext invocation) throws Exception {
        // Read per call, not cached: a static cache would pin the application's classes where this jar is shared.
        AccessRule rule = RoleRules.of(invocation.getMethod());
        Principal caller = rule.kind() == AccessRule.Kind.PATH_POLICY || rule.kind() == AccessRule.Kind.PERMIT_ALL
                ? null : security.getCallerPrincipal();
        Optional<AccessDeniedException.Kind> refusal = RoleRules.refusal(rule, caller, security::isCallerInRole);
        if (refusal.isPresent()) {
            throw new AccessDeniedException(refusal.get());
        }
        return invocation.proceed();
    }
}
