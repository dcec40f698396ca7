package org.jwtgate.filter;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.security.Principal;
import java.util.Objects;
import org.jwtgate.JwtPrincipal;
import org.jwtgate.authz.Authorization;

/**
 * The request as the application sees it after a valid bearer token (RFC 6750 §2): the container's
 * security methods answer from the token's {@link JwtPrincipal}.
 *
 * <ul>
 * <li>{@link #getUserPrincipal()} is the {@link JwtPrincipal} (cast it to read claims, roles and
 * scopes);</li>
 * <li>{@link #getRemoteUser()} is its name (the configured principal claim, {@code sub} by
 * default);</li>
 * <li>{@link #isUserInRole(String)} is true for the token's roles, and for {@code "**"}, which the
 * Servlet specification (6.0 §13.3) defines as "any authenticated user";</li>
 * <li>{@link #getAuthType()} is {@value #AUTH_TYPE}, or {@value JwtPrincipal#DPOP_AUTH_TYPE} for a caller
 * authenticated with a DPoP-bound token and its proof ({@link JwtPrincipal#authType()}).</li>
 * </ul>
 */
public class JwtRequestWrapper extends HttpServletRequestWrapper {
    /** The authentication scheme reported by {@link #getAuthType()} for a bearer token. */
    public static final String AUTH_TYPE = JwtPrincipal.AUTH_TYPE;


    private final JwtPrincipal principal;

    /**
     * Wraps {@code request} for an authenticated caller.
     *
     * @param request the request to wrap
     * @param principal the caller, reported by {@code getUserPrincipal()}, {@code getRemoteUser()} and
     *     {@code isUserInRole}
     */
    public JwtRequestWrapper(HttpServletRequest request, JwtPrincipal principal) {
        super(request);
        this.principal = Objects.requireNonNull(principal, "principal");
    }

    /**
     * The authenticated caller.
     *
     * @return the principal this request was wrapped with
     */
    public JwtPrincipal principal() {
        return principal;
    }

    @Override
    public Principal getUserPrincipal() {
        return principal;
    }

    @Override
    public String getRemoteUser() {
        return principal.getName();
    }

    @Override
    public boolean isUserInRole(String role) {
        return Authorization.isUserInRole(principal, role);
    }

    @Override
    public String getAuthType() {
        return principal.authType();
    }
}
