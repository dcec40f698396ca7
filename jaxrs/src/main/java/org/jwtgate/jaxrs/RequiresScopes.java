package org.jwtgate.jaxrs;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The OAuth 2.0 scopes a resource class or method requires: an authenticated caller whose
 * {@code scope} (space-separated) or {@code scp} claim holds every one of them. Each value may name
 * several scopes separated by spaces: {@code @RequiresScopes("orders:read orders:write")}.
 *
 * <p>Without a token the answer is 401 with a bare challenge; with a token lacking a scope it is
 * 403 {@code insufficient_scope} whose {@code scope} attribute lists the required scopes (RFC 6750
 * §3.1). A method's {@code @RequiresScopes} replaces its class's; it combines with
 * {@code @RolesAllowed} and {@code @PermitAll} (both must hold), and {@code @DenyAll} wins over it.
 * Scopes must be RFC 6750 scope-tokens (printable ASCII without space, {@code "} or {@code \}),
 * or the application does not deploy.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface RequiresScopes {
    /**
     * The required scopes; each value may hold several, separated by spaces.
     *
     * @return the scopes, all of which the caller must have
     */
    String[] value();
}
