package org.jwtgate.jaxrs;

import jakarta.ws.rs.core.SecurityContext;
import java.util.Objects;
import org.jwtgate.JwtPrincipal;
import org.jwtgate.authz.Authorization;

/**
 * The {@link SecurityContext} of a request that carried a valid bearer token (RFC 6750 §2):
 * <ul>
 * <li>{@link #getUserPrincipal()} is the {@link JwtPrincipal}, the same type the servlet filter
 * exposes, with the verified claims, roles and scopes;</li>
 * <li>{@link #isUserInRole(String)} is true for the roles read from the configured
 * {@code role-claims}, and for {@code "**"} (any authenticated caller);</li>
 * <li>{@link #isSecure()} is the request's own (HTTPS or not);</li>
 * <li>{@link #getAuthenticationScheme()} is {@value #AUTHENTICATION_SCHEME}, or {@value JwtPrincipal#DPOP_AUTH_TYPE}
 * for a caller authenticated with a DPoP-bound token and its proof ({@link JwtPrincipal#authType()}).</li>
 * </ul>
 */
public final class JwtSecurityContext implements SecurityContext {
    /** The authentication scheme of bearer tokens (RFC 6750 §1). */
    public static final String AUTHENTICATION_SCHEME = JwtPrincipal.AUTH_TYPE;

    private final JwtPrincipal principal;
    private final boolean secure;

    /**
     * The security context of an authenticated caller.
     *
     * @param principal the caller
     * @param secure whether the request came over a secure channel
     */
    public JwtSecurityContext(JwtPrincipal principal, boolean secure) {
        this.principal = Objects.requireNonNull(principal, "principal");
        this.secure = secure;
    }

    @Override
    public JwtPrincipal getUserPrincipal() {
        return principal;
    }

    @Override
    public boolean isUserInRole(String role) {
        return Authorization.isUserInRole(principal, role);
    }

    @Override
    public boolean isSecure() {
        return secure;
    }

    @Override
    public String getAuthenticationScheme() {
        return principal.authType();
    }
}
